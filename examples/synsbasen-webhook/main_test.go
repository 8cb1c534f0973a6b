package main

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDemo(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), nil, &out, ""))
	s := out.String()
	for _, ev := range []string{"inspection.created", "vehicle.updated", "test_centers.created", "inspections.updated", "vehicles.updated"} {
		assert.Contains(t, s, "delivered "+ev+": 204")
	}
	assert.Contains(t, s, "forged delivery: 401")
	assert.Contains(t, s, "AS67902: Periodisk syn 2021-01-07 at Dekra Bilsyn, Godkendt, 1 error codes")
	assert.Equal(t, 1, strings.Count(s, "bad signature"))
	assert.NotContains(t, s, "sb_whsk_demo")
}

func TestListenNeedsSecret(t *testing.T) {
	var out bytes.Buffer
	err := run(context.Background(), []string{"-listen", "127.0.0.1:0"}, &out, "")
	assert.ErrorContains(t, err, "SYNSBASEN_WEBHOOK_SECRET")
}
