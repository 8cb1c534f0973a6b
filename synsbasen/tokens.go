package synsbasen

import (
	"context"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// TokenBalance is the number of tokens left in the current subscription
// period. Tokens reset every period and do not roll over.
type TokenBalance struct {
	Tokens int64 `json:"tokens"`
}

var tokensGet = getOf[TokenBalance]("Tokens")

// Tokens returns the token balance of the account. The docs show the answer
// but not the path; the client uses GET /v1/tokens, and synsbasentest serves
// the same.
func (c *Client) Tokens(ctx context.Context) (*TokenBalance, error) {
	return data(tokensGet.Do(ctx, c.transport(), endpoint.Request{Path: "v1/tokens"}))
}
