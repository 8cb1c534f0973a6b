package apiskriv

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"net/http"
	"strings"
)

// XML namespaces of API Skriv documents.
const (
	NamespaceTask        = "http://nvdb.vegvesen.no/apiskriv/domain/task/v1"
	NamespaceTransaction = "http://nvdb.vegvesen.no/apiskriv/domain/transaction/v1"
	NamespaceCommon      = "http://nvdb.vegvesen.no/apiskriv/domain/common/v1"
	NamespaceChangeset   = "http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3"
	NamespaceFault       = "http://nvdb.vegvesen.no/apiskriv/fault/v1"
)

// fault is the error body of API Skriv. The XML form is documented in two
// shapes, <fault><message>…</message></fault> and
// <fault><messages><message>…</message></messages></fault>; the JSON form is
// not documented and is read as {"message":"…"} or {"messages":["…"]}
// (this package's fake answers the latter). Messages may be English or
// Norwegian.
type fault struct {
	Messages []string
}

// FaultMessages returns the messages of the fault body behind err (an
// *APIError), one per <message>; nil when err carries none. APIError.Message
// holds the same messages joined by "; ".
func FaultMessages(err error) []string {
	var ae *APIError
	if !errors.As(err, &ae) {
		return nil
	}
	f, ok := parseFault(ae.Body)
	if !ok || len(f.Messages) == 0 {
		return nil
	}
	return f.Messages
}

type faultXML struct {
	XMLName  xml.Name
	Message  []string `xml:"message"`
	Messages []string `xml:"messages>message"`
}

// parseFault reads a fault body in any known form.
func parseFault(body []byte) (fault, bool) {
	b := bytes.TrimSpace(body)
	var msgs []string
	switch {
	case bytes.HasPrefix(b, []byte("<")):
		var f faultXML
		if err := xml.Unmarshal(b, &f); err != nil || f.XMLName.Local != "fault" {
			return fault{}, false
		}
		msgs = append(f.Message, f.Messages...)
	case bytes.HasPrefix(b, []byte("{")):
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return fault{}, false
		}
		for _, key := range []string{"message", "messages"} {
			raw, ok := m[key]
			if !ok {
				continue
			}
			var one string
			var many []string
			var objs []struct {
				Message string `json:"message"`
			}
			switch {
			case json.Unmarshal(raw, &one) == nil:
				msgs = append(msgs, one)
			case json.Unmarshal(raw, &many) == nil:
				msgs = append(msgs, many...)
			case json.Unmarshal(raw, &objs) == nil:
				for _, o := range objs {
					msgs = append(msgs, o.Message)
				}
			}
		}
		if len(msgs) == 0 {
			return fault{}, false
		}
	default:
		return fault{}, false
	}
	out := msgs[:0]
	for _, s := range msgs {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return fault{Messages: out}, true
}

// decodeFault fills the message of an *APIError from a fault body.
func decodeFault(_ *http.Response, body []byte, e *APIError) {
	if f, ok := parseFault(body); ok {
		e.Message = strings.Join(f.Messages, "; ")
	}
}
