// Package vegdatatest holds what the four fake servers of go-vegdata have
// in common for a test to say and to read: a scripted failure (Fault), a
// seeded schedule of failures (Faults) and the record of a request the fake
// received (Request).
//
// Each fake re-exports these types under its own name, so a test that uses
// only one package never needs this one:
//
//	srv := nvdbtest.NewServer(nvdbtest.WithFaults(nvdbtest.Faults{Seed: 7, RateLimited: 0.1}))
//	srv.Script(nvdbtest.Fault{Status: 503}, nvdbtest.Fault{Drop: true})
//	for _, r := range srv.Requests() { … }
//
// The fakes are autosys/autosystest, nvdb/nvdbtest, apiskriv/apiskrivtest
// and synsbasen/synsbasentest. Every one of them offers the same core:
// NewServer(opts...), URL, Close, Client, Script, Requests, OpenConns and
// the options WithFaults, WithLatency and WithKeys.
package vegdatatest

import (
	"net/http"
	"time"
)

// Fault is one scripted answer for the next request a fake receives (see
// the fakes' Script method). Scripted faults are used one per request, in
// the order requests arrive, before the random schedule of Faults applies
// again. The zero Fault, or one with only a Delay, lets its request through
// to the real answer (after the delay), so a script can fail, say, only the
// second request.
type Fault struct {
	// Status answers with this status instead of the real answer: with
	// Body, or with the API's own error body for the status when Body is
	// empty. A 2xx Status with a Body answers that body as if it were the
	// API's (to test how a client reads an odd answer).
	Status int
	// RetryAfter is the Retry-After header sent with Status ("0", "120",
	// or an HTTP date).
	RetryAfter string
	// Body is the body sent with Status.
	Body string
	// Drop closes the connection without an answer.
	Drop bool
	// Truncate sends the real answer with its full Content-Length but only
	// its first half, then closes the connection.
	Truncate bool
	// Stall sends the real answer's headers and the first half of its body,
	// then sends nothing more, the connection left open, until the client
	// gives up or the fake is closed: what a stalled server or proxy does.
	Stall bool
	// Quota answers as the API does when the caller's quota is spent
	// (Autosys: 422 with Retry-After at the next Oslo midnight; Synsbasen:
	// 429 with the token-quota message). APIs without a quota answer 429
	// with their own error body.
	Quota bool
	// Delay waits this long before answering (or failing), unless the
	// client gives up first.
	Delay time.Duration
}

// Faults is a random schedule of failures, repeatable by Seed: every
// request draws its fate from it, with the probabilities below tried in the
// order listed. The zero Faults injects nothing.
type Faults struct {
	// Seed makes the schedule repeatable: the same seed and the same
	// sequence of requests give the same faults.
	Seed uint64
	// Latency is added to every answer (on top of WithLatency).
	Latency time.Duration
	// Slow is the probability of an extra SlowDelay before answering.
	Slow      float64
	SlowDelay time.Duration
	// RateLimited is the probability of a 429 with Retry-After drawn
	// uniformly from [0, RetryAfterMax] in whole seconds.
	RateLimited   float64
	RetryAfterMax time.Duration
	// Unavailable is the probability of a 503 Service Unavailable.
	Unavailable float64
	// Drop is the probability of closing the connection without an answer.
	Drop float64
	// Truncate is the probability of a body cut in half (see Fault.Truncate).
	Truncate float64
	// ServerError is the probability of a 500 Internal Server Error, which
	// a client must not repeat.
	ServerError float64
	// Quota is the probability of the API's spent-quota answer (see
	// Fault.Quota).
	Quota float64
	// Stall is the probability of an answer that stops half-way (see
	// Fault.Stall).
	Stall float64
}

// Request is what a fake received, as its Requests method reports it.
// Secrets are masked: credential headers keep their scheme only
// ("Bearer ***"), and passwords and tokens in a JSON body read "***".
type Request struct {
	Method string
	// Path is the decoded path (/rest/v1/lås), without the fake's path prefix
	// (apiskrivtest.WithPrefix).
	Path string
	// Query is the raw query string as sent.
	Query string
	// Header is the request's header, credentials masked.
	Header http.Header
	// Auth is the masked credential header ("Bearer ***", "Apikey ***"),
	// empty when the request carried none.
	Auth string
	// Client is the X-Client header (the caller's name; NVDB requires it).
	Client string
	// RequestID is the X-Request-ID header the caller sent.
	RequestID string
	// Body is the request body (at most its first MiB), secrets masked.
	Body []byte
	// Fault is what the fake injected into this request's answer: a
	// scripted Fault, one drawn from Faults, or the zero Fault when it
	// answered normally.
	Fault Fault
}
