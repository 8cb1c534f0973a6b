package nvdb

import (
	"encoding/json"
	"errors"
	"io"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// decodePageStd is decodePage with encoding/json, the reference the fast
// decoder is tested against.
func decodePageStd(r io.Reader) (*Page[Vegobjekt], error) {
	dec := json.NewDecoder(r)
	side := &Page[Vegobjekt]{}
	sawMeta := false
	err := transport.StreamObject(dec, func(key string) error {
		switch key {
		case "objekter":
			if side.Items == nil {
				side.Items = make([]*Vegobjekt, 0, 64)
			}
			return transport.StreamArray(dec, func() error {
				o := &Vegobjekt{}
				side.Items = append(side.Items, o)
				return dec.Decode(o)
			})
		case "metadata":
			sawMeta = true
			return dec.Decode(&side.Metadata)
		default:
			return transport.Skip(dec)
		}
	})
	if err != nil {
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if !sawMeta {
		return nil, errNoMeta
	}
	return side, nil
}
