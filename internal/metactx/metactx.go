// Package metactx carries the response-metadata hook of package vegdata
// through a context to the transport, without an import cycle.
package metactx

import "context"

type key struct{}

// With returns ctx carrying hook. Hooks set on outer contexts still run.
func With(ctx context.Context, hook func(any)) context.Context {
	if prev, ok := ctx.Value(key{}).(func(any)); ok {
		inner := hook
		hook = func(m any) { prev(m); inner(m) }
	}
	return context.WithValue(ctx, key{}, hook)
}

// Hook returns the hook carried by ctx, or nil.
func Hook(ctx context.Context) func(any) {
	h, _ := ctx.Value(key{}).(func(any))
	return h
}

type attemptKey struct{}

// WithAttempt returns ctx carrying the description of one attempt.
func WithAttempt(ctx context.Context, a any) context.Context {
	return context.WithValue(ctx, attemptKey{}, a)
}

// Attempt returns what WithAttempt stored, or nil.
func Attempt(ctx context.Context) any { return ctx.Value(attemptKey{}) }
