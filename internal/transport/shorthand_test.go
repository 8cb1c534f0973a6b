package transport

import (
	"context"
	"io"
	"net/http"
	"reflect"
	"strings"
)

// Shorthands for the transport's own tests: every package sends through
// internal/endpoint, which calls Send and Open.

// Exchange is Send.
func (c *Client) Exchange(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	return c.Send(ctx, r, decode)
}

// Do is Open.
func (c *Client) Do(ctx context.Context, r *Request) (*Response, error) { return c.Open(ctx, r) }

// Fetch is Send for a decoder that reads a streamed answer.
func (c *Client) Fetch(ctx context.Context, r *Request, decode func(*Response) error) (*Response, error) {
	if r.MaxBody == 0 {
		r.Streamed = true
	}
	return c.Send(ctx, r, decode)
}

// JSON sends r and decodes a 2xx JSON body into out (nil to discard);
// anything but JSON is ErrInvalidResponse.
func (c *Client) JSON(ctx context.Context, r *Request, out any) (*Response, error) {
	if r.Accept == "" {
		r.Accept = "application/json"
	}
	return c.Send(ctx, r, func(resp *Response) error {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			return nil
		}
		if rv := reflect.ValueOf(out); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero()
		}
		return DecodeJSON(resp.Body, out)
	})
}

// Call sends r and decodes a 2xx answer into out (reset before every
// attempt), whichever of JSON and XML arrives; a *string out with an
// Accept of text/plain gets the body as text.
func (c *Client) Call(ctx context.Context, r *Request, out any) (*Response, error) {
	text := strings.HasPrefix(r.Accept, "text/plain")
	return c.Send(ctx, r, func(resp *Response) error {
		if out == nil || resp.StatusCode == http.StatusNoContent {
			_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
			return nil
		}
		if rv := reflect.ValueOf(out); rv.Kind() == reflect.Pointer && !rv.IsNil() {
			rv.Elem().SetZero()
		}
		if sp, ok := out.(*string); ok && text {
			b, err := io.ReadAll(resp.Body)
			if err != nil {
				return err
			}
			*sp = strings.TrimSpace(string(b))
		} else if err := DecodeBody(resp.Body, out); err != nil {
			return err
		}
		return nil
	})
}
