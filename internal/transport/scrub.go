package transport

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"

	"github.com/vegdata/go-vegdata/internal/textcap"
)

// MaxText is the most bytes of one piece of server text (a message, a code,
// a decoding error, a URL, a header value) the SDK hands out; longer text
// is cut with a note of how much was left out.
const MaxText = textcap.Max

// scrubMargin is read past the limit of a bounded read, so a secret that
// crosses the limit is seen whole and the cut can go before it.
const scrubMargin = 64 << 10

// jwtPattern matches a JSON Web Token: base64url of a JSON header ("eyJ"),
// a payload and an optional signature.
var jwtPattern = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)

// Clean is the one rule for text the SDK hands out (errors, excerpts, log
// lines, Meta): first every secret is replaced by [REDACTED] (the
// client's keys and tokens, as they are and query-escaped, and anything
// shaped like a JWT), then the text is cut to limit bytes with "… (N bytes
// more)". The order matters: a cut through a secret leaves a prefix that
// no scrubber recognises, so an excerpt of a server's answer is always
// made with Clean, never cut first.
func (c *Client) Clean(s string, limit int) string {
	return textcap.Cap(c.scrub(s), limit)
}

// text cleans server text to MaxText. Text already cleaned comes out as it
// went in, so a field may pass through text more than once.
func (c *Client) text(s string) string { return textcap.Bound(c.scrub(s)) }

// scrub removes every known secret value from s, and anything shaped like a
// JWT: a token source remembers only its latest tokens, and an older one
// (expired, but still a token) may come back in an error body.
func (c *Client) scrub(s string) string {
	if strings.Contains(s, "eyJ") {
		s = jwtPattern.ReplaceAllString(s, "[REDACTED]")
	}
	for _, sec := range c.secretForms() {
		s = strings.ReplaceAll(s, sec, "[REDACTED]")
	}
	return s
}

// scrubFold is scrub for text where a secret may come back in another case
// (a host name, which ignores case).
func (c *Client) scrubFold(s string) string {
	s = c.scrub(s)
	for _, sec := range c.secretForms() {
		lsec := strings.ToLower(sec)
		for {
			i := strings.Index(strings.ToLower(s), lsec)
			if i < 0 || len(strings.ToLower(s)) != len(s) {
				break
			}
			s = s[:i] + "[REDACTED]" + s[i+len(sec):]
		}
	}
	return s
}

// secretForms lists the client's secrets as they may appear in text: as
// they are and query-escaped. Values shorter than 4 bytes are not
// scrubbed: they would cut up ordinary words.
func (c *Client) secretForms() []string {
	if c.auth == nil {
		return nil
	}
	var out []string
	for _, sec := range c.auth.Secrets() {
		if len(sec) >= 4 {
			out = append(out, sec)
			if esc := url.QueryEscape(sec); esc != sec {
				out = append(out, esc)
			}
		}
	}
	return out
}

// prefixOutside returns the longest prefix of b of at most n bytes that
// does not end inside a secret or a JWT. b holds up to scrubMargin bytes
// past n, so a secret that crosses n is seen whole: cutting a body there
// and scrubbing afterwards would keep all of the secret but its tail.
func (c *Client) prefixOutside(b []byte, n int) []byte {
	if len(b) <= n {
		return b
	}
	lo := max(0, n-scrubMargin)
	win := string(b[lo:])
	var spans [][2]int
	for _, loc := range jwtPattern.FindAllStringIndex(win, -1) {
		spans = append(spans, [2]int{lo + loc[0], lo + loc[1]})
	}
	for _, sec := range c.secretForms() {
		for i := 0; ; {
			j := strings.Index(win[i:], sec)
			if j < 0 {
				break
			}
			spans = append(spans, [2]int{lo + i + j, lo + i + j + len(sec)})
			i += j + 1
		}
	}
	cut := n
	for moved := true; moved; {
		moved = false
		for _, sp := range spans {
			if sp[0] < cut && cut < sp[1] {
				cut, moved = sp[0], true
			}
		}
	}
	return b[:cut]
}

// credentialHeaders never reach a Meta: their values are credentials, the
// server's challenges (which may echo the token they refuse) included.
var credentialHeaders = []string{"Authorization", "Proxy-Authorization", "WWW-Authenticate", "Proxy-Authenticate", "Cookie", "Set-Cookie"}

// cleanHeader copies an answer's headers for a Meta: credential headers
// are dropped, every other value goes through Clean, and a header whose
// name holds a secret is dropped.
func (c *Client) cleanHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, vs := range h {
		if c.scrub(k) != k {
			continue
		}
		cvs := make([]string, len(vs))
		for i, v := range vs {
			cvs[i] = c.text(v)
		}
		out[k] = cvs
	}
	for _, k := range credentialHeaders {
		out.Del(k)
	}
	return out
}

// scrubErr returns err printing through Clean: without secrets and capped.
func (c *Client) scrubErr(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if clean := c.text(msg); clean != msg {
		return &scrubbedError{msg: clean, err: err}
	}
	return err
}

// scrubbedError prints without secrets. errors.Is and errors.As still
// reach the error it replaces, but it has no Unwrap: code that walks a
// chain to print each link (a logger, an error reporter) stops here and
// never prints the raw text.
type scrubbedError struct {
	msg string
	err error
}

func (e *scrubbedError) Error() string        { return e.msg }
func (e *scrubbedError) Is(target error) bool { return errors.Is(e.err, target) }
func (e *scrubbedError) As(target any) bool   { return errors.As(e.err, target) }

// settleError puts an *APIError that a package's decoder built itself
// under the same rule as the transport's own, before it leaves the call.
func (c *Client) settleError(e *APIError) {
	e.URL, e.RequestID, e.Code, e.Message = c.text(e.URL), c.text(e.RequestID), c.text(e.Code), c.text(e.Message)
	if len(e.Body) > 0 {
		if b := c.scrub(string(e.Body)); b != string(e.Body) {
			e.Body = []byte(b)
		}
	}
	if e.Err != nil {
		e.Err = c.scrubErr(e.Err)
	}
}
