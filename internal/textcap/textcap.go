// Package textcap bounds text that comes from a server before the SDK hands
// it out (in an error, a log line, a Meta), so a hostile or broken server
// cannot flood a caller's logs. Package vegdata caps what APIError prints
// with it, and the transport caps what it puts in an APIError; the
// transport scrubs secrets first (see transport.Client.Clean).
package textcap

import (
	"strconv"
	"unicode/utf8"
)

// Max is the most bytes of one piece of server text (a message, a code, a
// decoding error, a URL, a header value) the SDK hands out: a few KiB says
// what went wrong; more is a flood.
const Max = 4 << 10

// Cap returns s when it is at most n bytes long, else its first n bytes (cut
// back to a whole UTF-8 character) followed by "… (N bytes more)".
func Cap(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "… (" + strconv.Itoa(len(s)-cut) + " bytes more)"
}

// Note is room for the note Cap adds ("… (N bytes more)").
const Note = 32

// Bound caps s at Max. Text at most Max+Note bytes long is left as it is,
// so text already capped is not cut a second time.
func Bound(s string) string {
	if len(s) <= Max+Note {
		return s
	}
	return Cap(s, Max)
}
