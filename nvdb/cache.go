package nvdb

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultCacheSize is the number of answers the ETag cache of a client
// keeps unless WithCacheSize says otherwise.
const DefaultCacheSize = 256

// DefaultCacheBytes bounds the ETag cache of a client by the size of the
// answers it holds (their JSON as received, decompressed) unless
// WithCacheBytes says otherwise. The whole datakatalog of about 400 road
// object types with every egenskapstype is some 20 MB.
const DefaultCacheBytes = 64 << 20

// WithCacheBytes bounds the client's ETag cache by the size of the answers
// it holds, n bytes of JSON as received (decompressed); least recently used
// answers go first, and an answer larger than n is not kept. 0 means
// DefaultCacheBytes. WithCacheSize bounds the number of answers besides.
func WithCacheBytes(n int64) Option {
	return func(c *config) error {
		if n < 0 {
			return invalidf("invalid cache bytes %d: must be >= 0", n)
		}
		c.cacheBytes = n
		return nil
	}
}

// etagCache keeps decoded answers with their ETag, least recently used
// first out, bounded by entries and by bytes. The list is golang-lru's
// simplelru; the lock is ours, because the byte count must change with the
// list in one step. It belongs to one Client and is safe for concurrent
// use.
type etagCache struct {
	mu       sync.Mutex
	lru      *simplelru.LRU[string, cacheEntry] // nil: caching off
	bytes    int64                              // sum of the held entries' size
	maxBytes int64

	hits, misses int64
}

type cacheEntry struct {
	etag string
	val  any
	size int64
}

func newETagCache(max int, maxBytes int64) *etagCache {
	if maxBytes <= 0 {
		maxBytes = DefaultCacheBytes
	}
	c := &etagCache{maxBytes: maxBytes}
	if max > 0 {
		// Only fails for a size <= 0. The callback runs inside Add and
		// RemoveOldest, that is under c.mu.
		c.lru, _ = simplelru.NewLRU(max, func(_ string, e cacheEntry) { c.bytes -= e.size })
	}
	return c
}

func (c *etagCache) get(key string) (etag string, val any, ok bool) {
	if c == nil || c.lru == nil {
		return "", nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.lru.Get(key)
	return e.etag, e.val, ok
}

// put holds val under key with its ETag; size is the answer's length in
// bytes.
func (c *etagCache) put(key, etag string, val any, size int64) {
	if c == nil || c.lru == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key) // a replaced answer gives its bytes back
	if size > c.maxBytes {
		return
	}
	c.lru.Add(key, cacheEntry{etag: etag, val: val, size: size})
	c.bytes += size
	for c.bytes > c.maxBytes {
		c.lru.RemoveOldest()
	}
}

func (c *etagCache) remove(key string) {
	if c == nil || c.lru == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lru.Remove(key)
}

func (c *etagCache) count(hit bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if hit {
		c.hits++
	} else {
		c.misses++
	}
}

// CacheStats counts the answers of the client's ETag cache.
type CacheStats struct {
	// Entries is the number of answers held.
	Entries int
	// Bytes is the size of the answers held, as received (decompressed).
	Bytes int64
	// Revalidated counts requests NVDB answered 304 Not Modified, so the
	// held answer was reused without decoding.
	Revalidated int64
	// Fetched counts cacheable requests answered with a full body.
	Fetched int64
}

// CacheStats reports how the ETag cache of the datakatalog and the areas
// has been used.
func (c *Client) CacheStats() CacheStats {
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	st := CacheStats{Bytes: c.cache.bytes, Revalidated: c.cache.hits, Fetched: c.cache.misses}
	if c.cache.lru != nil {
		st.Entries = c.cache.lru.Len()
	}
	return st
}

// getCached sends a GET with If-None-Match when an earlier answer to the
// same path and query is held, and reuses that answer on 304 Not
// Modified without decoding anything. A 200 with an ETag replaces it.
// The value is shared by every caller that gets it from the cache; the
// callers below hand out shallow copies.
func getCached[T any](ctx context.Context, s *service, path string, q url.Values) (T, error) {
	var zero T
	key := path + "?" + q.Encode()
	cache := s.client.cache
	etag, held, ok := cache.get(key)
	req := &transport.Request{Path: path, Query: q}
	if ok {
		req.Header = http.Header{"If-None-Match": {etag}}
	}
	req.Accept = "application/json"
	req.MaxBody = transport.DefaultMaxDecodedBody
	var out T
	var size int64
	// Fetch rather than JSON: the answer's length is its weight in the cache.
	resp, err := s.client.tc.Fetch(ctx, req, func(resp *transport.Response) error {
		out, size = zero, 0 // a repeated attempt starts afresh
		n := &countingReader{r: resp.Body}
		err := transport.DecodeJSON(n, &out)
		size = n.n
		if err != nil {
			return err
		}
		return checkOne(out, 0) // a catalogue entry without its id is not cached, nor returned
	})
	if err != nil {
		var ae *APIError
		if ok && errors.As(err, &ae) && ae.StatusCode == http.StatusNotModified {
			cache.count(true)
			return held.(T), nil
		}
		return zero, err
	}
	cache.count(false)
	if tag := resp.Header.Get("ETag"); tag != "" {
		cache.put(key, tag, out, size)
	} else if ok {
		cache.remove(key) // the held answer can no longer be revalidated
	}
	return out, nil
}

// cachedList is getCached for a list: the slice is the caller's own (it
// may be sorted or appended to); its elements' nested values are shared.
func cachedList[E any](ctx context.Context, s *service, path string, q url.Values) ([]*E, error) {
	v, err := getCached[[]E](ctx, s, path, q)
	if err != nil {
		return nil, err
	}
	return pointers(slices.Clone(v)), nil
}

// pointers returns pointers to the elements of v, which it takes over.
func pointers[E any](v []E) []*E {
	out := make([]*E, len(v))
	for i := range v {
		out[i] = &v[i]
	}
	return out
}

// cachedOne is getCached for one value: the struct is the caller's own;
// its nested slices and pointers are shared.
func cachedOne[E any](ctx context.Context, s *service, path string, q url.Values) (*E, error) {
	p, err := getCached[*E](ctx, s, path, q)
	if err != nil || p == nil {
		return p, err
	}
	c := *p
	return &c, nil
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
