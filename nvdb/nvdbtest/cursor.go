package nvdbtest

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"hash/fnv"
	"net/url"
	"sort"
	"strings"
	"time"
)

// pos is where a page starts: object index and, with alle_versjoner, the
// version index within it.
type pos struct{ obj, ver int }

// Parameters that shape a page but not the result set; a cursor stays
// valid when they change.
var presentation = map[string]bool{"start": true, "antall": true, "inkluder": true, "srid": true, "inkludergeometri": true,
	"inkluder_egenskaper": true, "geometritoleranse": true, "inkluderAntall": true, "dybde": true}

func queryHash(typeID int, v url.Values) uint64 {
	keys := make([]string, 0, len(v))
	for k := range v {
		if !presentation[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	h := fnv.New64a()
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(typeID))
	h.Write(b[:])
	for _, k := range keys {
		h.Write([]byte(k + "=" + strings.Join(v[k], "\x00") + "&"))
	}
	return h.Sum64()
}

// encodeCursor makes an opaque, signed, expiring start token.
func (s *Server) encodeCursor(p pos, qh uint64) string {
	var b [32]byte
	binary.BigEndian.PutUint64(b[0:], uint64(p.obj))
	binary.BigEndian.PutUint64(b[8:], uint64(p.ver))
	binary.BigEndian.PutUint64(b[16:], qh)
	binary.BigEndian.PutUint64(b[24:], uint64(s.clock().Add(s.ttl).Unix()))
	m := hmac.New(sha256.New, s.key)
	m.Write(b[:])
	return base64.RawURLEncoding.EncodeToString(append(b[:], m.Sum(nil)[:12]...))
}

// decodeCursor checks a start token: signature, query and expiry.
func (s *Server) decodeCursor(tok string, qh uint64) (pos, error) {
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(raw) != 44 {
		return pos{}, bad("Ugyldig start-markør")
	}
	m := hmac.New(sha256.New, s.key)
	m.Write(raw[:32])
	if !hmac.Equal(m.Sum(nil)[:12], raw[32:]) {
		return pos{}, bad("Ugyldig start-markør")
	}
	if binary.BigEndian.Uint64(raw[16:]) != qh {
		return pos{}, bad("Start-markøren hører til en annen spørring")
	}
	if exp := time.Unix(int64(binary.BigEndian.Uint64(raw[24:])), 0); s.clock().After(exp) {
		return pos{}, bad("Start-markøren er utløpt; start søket på nytt")
	}
	return pos{obj: int(binary.BigEndian.Uint64(raw[0:])), ver: int(binary.BigEndian.Uint64(raw[8:]))}, nil
}
