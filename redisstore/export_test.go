package redisstore

import "time"

// SetClock replaces the clock a Quota reads its day and midnight from.
func SetClock(q *Quota, now func() time.Time) { q.now = now }
