package synsbasen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// Aggregate is the answer of a COUNT, PERCENTAGE or AVG() search.
type Aggregate struct {
	// Grouped says the search had group_by and the answer is in Groups;
	// otherwise it is in Value.
	Grouped bool
	// Groups holds one value per group, in the order the API gave.
	Groups []Group
	// Value is the single value of an ungrouped aggregate.
	Value float64
	// Null says the ungrouped value was null (an average of nothing).
	Null bool
	// Cost is the tokens charged.
	Cost float64

	hasData bool // the answer had "data"; without it, it is no aggregate
}

// Group is one group of an aggregate.
type Group struct {
	// Key is the group's value as the API wrote it ("" for null).
	Key string
	// Keys holds one value per group_by column; with several columns the
	// API writes Key as a JSON array, which Keys splits.
	Keys []string
	// Value is the count, percentage (0-100) or average of the group.
	Value float64
	// Null says the value was null.
	Null bool
}

// Get returns the value of the group with key, and whether it exists.
func (a *Aggregate) Get(key string) (float64, bool) {
	for _, g := range a.Groups {
		if g.Key == key {
			return g.Value, !g.Null
		}
	}
	return 0, false
}

// UnmarshalJSON reads the envelope of an aggregate answer: "data" is an
// object (grouped) or a single value, in the order the API gave.
func (a *Aggregate) UnmarshalJSON(b []byte) error {
	*a = Aggregate{}
	return decodeEnvelope(b, &a.Cost, a.decodeData)
}

// decodeEnvelope reads {"cost": …, "data": …} (other members skipped),
// handing "data" to data with the decoder positioned at its value.
func decodeEnvelope(b []byte, cost *float64, data func(*json.Decoder) error) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	return transport.StreamObject(dec, func(key string) error {
		switch key {
		case "cost":
			var n json.Number
			if err := dec.Decode(&n); err != nil {
				return fmt.Errorf("cost: %w", err)
			}
			if n != "" {
				f, err := n.Float64()
				if err != nil {
					return fmt.Errorf("cost: %w", err)
				}
				*cost = f
			}
			return nil
		case "data":
			return data(dec)
		}
		return transport.Skip(dec)
	})
}

func (a *Aggregate) decodeData(dec *json.Decoder) error {
	var raw json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return err
	}
	a.hasData = true
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		v, null, err := aggValue(raw)
		if err != nil {
			return fmt.Errorf("data: %w", err)
		}
		a.Value, a.Null = v, null
		return nil
	}
	a.Grouped = true
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	return transport.StreamObject(d, func(key string) error {
		var v json.RawMessage
		if err := d.Decode(&v); err != nil {
			return err
		}
		f, null, err := aggValue(v)
		if err != nil {
			return fmt.Errorf("group %q: %w", key, err)
		}
		a.Groups = append(a.Groups, Group{Key: key, Keys: splitKey(key), Value: f, Null: null})
		return nil
	})
}

// aggValue reads a number, a numeric string (Rails writes decimals such as
// averages as strings) or null.
func aggValue(raw json.RawMessage) (float64, bool, error) {
	s := strings.TrimSpace(string(raw))
	if s == "" || s == "null" {
		return 0, true, nil
	}
	if strings.HasPrefix(s, `"`) {
		var t string
		if err := json.Unmarshal(raw, &t); err != nil {
			return 0, false, err
		}
		s = t
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, false, fmt.Errorf("not a number: %q", s)
	}
	return f, false, nil
}

func splitKey(key string) []string {
	if strings.HasPrefix(key, "[") {
		var parts []any
		// An empty array is not a list of columns; keep it as the one key.
		if json.Unmarshal([]byte(key), &parts) == nil && len(parts) > 0 {
			out := make([]string, len(parts))
			for i, p := range parts {
				if p != nil {
					out[i] = fmt.Sprint(p)
				}
			}
			return out
		}
	}
	return []string{key}
}
