package nvdb

import (
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestETagCacheBounds(t *testing.T) {
	type op struct {
		key  string
		size int64
	}
	tests := []struct {
		name       string
		max        int
		maxBytes   int64
		puts       []op
		touch      string // read before the last put, so it is recent
		wantKeys   []string
		wantBytes  int64
		wantAbsent []string
	}{
		{name: "entries", max: 2, maxBytes: 1000, puts: []op{{"a", 10}, {"b", 10}, {"c", 10}},
			wantKeys: []string{"b", "c"}, wantBytes: 20, wantAbsent: []string{"a"}},
		{name: "bytes", max: 10, maxBytes: 25, puts: []op{{"a", 10}, {"b", 10}, {"c", 10}},
			wantKeys: []string{"b", "c"}, wantBytes: 20, wantAbsent: []string{"a"}},
		{name: "bytes evict several", max: 10, maxBytes: 30, puts: []op{{"a", 10}, {"b", 10}, {"c", 10}, {"d", 25}},
			wantKeys: []string{"d"}, wantBytes: 25, wantAbsent: []string{"a", "b", "c"}},
		{name: "recently read stays", max: 2, maxBytes: 1000, puts: []op{{"a", 10}, {"b", 10}, {"c", 10}}, touch: "a",
			wantKeys: []string{"a", "c"}, wantBytes: 20, wantAbsent: []string{"b"}},
		{name: "larger than the bound is not kept", max: 10, maxBytes: 25, puts: []op{{"a", 10}, {"b", 26}},
			wantKeys: []string{"a"}, wantBytes: 10, wantAbsent: []string{"b"}},
		{name: "replacing gives bytes back", max: 10, maxBytes: 25, puts: []op{{"a", 10}, {"b", 10}, {"a", 5}},
			wantKeys: []string{"a", "b"}, wantBytes: 15},
		{name: "replacing with too large drops the old", max: 10, maxBytes: 25, puts: []op{{"a", 10}, {"a", 30}},
			wantBytes: 0, wantAbsent: []string{"a"}},
		{name: "off", max: 0, maxBytes: 1000, puts: []op{{"a", 10}}, wantAbsent: []string{"a"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := newETagCache(tc.max, tc.maxBytes)
			for i, p := range tc.puts {
				if i == len(tc.puts)-1 && tc.touch != "" {
					_, _, ok := c.get(tc.touch)
					require.True(t, ok)
				}
				c.put(p.key, "etag-"+p.key, i, p.size)
			}
			for _, k := range tc.wantKeys {
				etag, _, ok := c.get(k)
				assert.True(t, ok, k)
				assert.Equal(t, "etag-"+k, etag)
			}
			for _, k := range tc.wantAbsent {
				_, _, ok := c.get(k)
				assert.False(t, ok, k)
			}
			assert.Equal(t, tc.wantBytes, c.bytes)
			if c.lru != nil {
				assert.Equal(t, len(tc.wantKeys), c.lru.Len())
			}
		})
	}
}

func TestETagCacheConcurrent(t *testing.T) {
	c := newETagCache(8, 100)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				k := strconv.Itoa((g*31 + i) % 20)
				if _, _, ok := c.get(k); !ok {
					c.put(k, "e", i, int64(i%40))
				}
				if i%50 == 0 {
					c.remove(k)
				}
			}
		}()
	}
	wg.Wait()
	c.mu.Lock()
	defer c.mu.Unlock()
	var sum int64
	for _, k := range c.lru.Keys() {
		e, _ := c.lru.Peek(k)
		sum += e.size
	}
	assert.Equal(t, sum, c.bytes, "the byte count follows the entries")
	assert.LessOrEqual(t, c.bytes, int64(100))
	assert.LessOrEqual(t, c.lru.Len(), 8)
}

// BenchmarkETagCache is the cache alone under the pattern the datakatalog
// sees: many readers of a working set that fits, some misses that insert
// and evict. Run in parallel on all CPUs.
func BenchmarkETagCache(b *testing.B) {
	for _, keys := range []int{64, 1024} {
		b.Run(strconv.Itoa(keys)+"keys", func(b *testing.B) {
			c := newETagCache(256, 0)
			names := make([]string, keys)
			for i := range names {
				names[i] = "/datakatalog/api/v4/vegobjekttyper/" + strconv.Itoa(i) + "?inkluder=alle"
			}
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				i := 0
				for pb.Next() {
					k := names[(i*7919)%keys]
					if _, _, ok := c.get(k); !ok {
						c.put(k, `"etag"`, i, 2048)
					}
					i++
				}
			})
		})
	}
}
