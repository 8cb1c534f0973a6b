package redisstore

import "time"

// SetClock replaces the clock a Quota reads its day and midnight from.
func SetClock(q *Quota, now func() time.Time) { q.now = now }

// SetSettle replaces a Quota's settle time (derived from WithRetryInterval
// and WithTimeout), so that tests whose outcome does not hang on it keep a
// generous timeout without waiting seconds for the fleet to settle.
func SetSettle(q *Quota, d time.Duration) { q.settle = d }
