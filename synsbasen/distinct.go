package synsbasen

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Distinct is the answer of a DISTINCT search: the distinct values of the
// group_by columns among the matches, in the order the API gave. The docs
// name the method but not its answer; the client reads "data" as an array
// with one value per distinct row, a plain value for one column and an
// array of values for several (synsbasentest answers the same).
type Distinct struct {
	// Columns are the group_by entries of the search, in order.
	Columns []string
	// Values holds one entry per distinct value (or row of values).
	Values []DistinctValue
	// Cost is the tokens charged.
	Cost float64

	hasData bool
}

// DistinctValue is one distinct value of a DISTINCT search.
type DistinctValue struct {
	// Key is the value as the API wrote it ("" for null); with several
	// columns, the JSON array of their values.
	Key string
	// Keys holds one value per column ("" for null).
	Keys []string
	// Null says the value (with one column) was null.
	Null bool
}

// Keys returns the Key of every value, in order: with one column, the
// distinct values themselves.
func (d *Distinct) Keys() []string {
	if d == nil {
		return nil
	}
	out := make([]string, len(d.Values))
	for i, v := range d.Values {
		out[i] = v.Key
	}
	return out
}

// UnmarshalJSON reads the envelope of a DISTINCT answer.
func (d *Distinct) UnmarshalJSON(b []byte) error {
	*d = Distinct{}
	return decodeEnvelope(b, &d.Cost, func(dec *json.Decoder) error {
		var raw []json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return fmt.Errorf("data: %w", err)
		}
		d.hasData = raw != nil
		d.Values = make([]DistinctValue, 0, len(raw))
		for i, r := range raw {
			v, err := distinctValue(r)
			if err != nil {
				return fmt.Errorf("data[%d]: %w", i, err)
			}
			d.Values = append(d.Values, v)
		}
		return nil
	})
}

func distinctValue(raw json.RawMessage) (DistinctValue, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) > 0 && raw[0] == '[' {
		var parts []json.RawMessage
		if err := json.Unmarshal(raw, &parts); err != nil {
			return DistinctValue{}, err
		}
		v := DistinctValue{Key: string(raw), Keys: make([]string, len(parts))}
		for i, p := range parts {
			k, _, err := scalarText(p)
			if err != nil {
				return DistinctValue{}, err
			}
			v.Keys[i] = k
		}
		return v, nil
	}
	k, null, err := scalarText(raw)
	if err != nil {
		return DistinctValue{}, err
	}
	return DistinctValue{Key: k, Keys: []string{k}, Null: null}, nil
}

// scalarText reads a string, number, boolean or null as text.
func scalarText(raw json.RawMessage) (string, bool, error) {
	s := string(bytes.TrimSpace(raw))
	switch {
	case s == "null":
		return "", true, nil
	case s == "true" || s == "false":
		return s, false, nil
	case len(s) > 0 && s[0] == '"':
		var t string
		err := json.Unmarshal(raw, &t)
		return t, false, err
	}
	var n json.Number
	if err := json.Unmarshal(raw, &n); err != nil {
		return "", false, fmt.Errorf("not a string, number, boolean or null: %.40s", s)
	}
	return n.String(), false, nil
}
