// Package reliability holds tests that span the four API packages: secret
// hygiene under debug logging, failures and bad input. It has no code of
// its own; see RELIABILITY.md at the repository root for what the SDK
// promises and which test checks each promise.
package reliability
