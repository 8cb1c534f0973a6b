package nvdb

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"

	"github.com/vegdata/go-vegdata/internal/endpoint"
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
	if c == nil {
		return
	}
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
	if c == nil || c.cache == nil {
		return CacheStats{}
	}
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	st := CacheStats{Bytes: c.cache.bytes, Revalidated: c.cache.hits, Fetched: c.cache.misses}
	if c.cache.lru != nil {
		st.Entries = c.cache.lru.Len()
	}
	return st
}

// cached is an answer the ETag cache may keep: its value, its ETag and
// its weight (its length as received).
type cached[T any] struct {
	val  T
	etag string
	size int64
}

// cachedOf declares a GET whose answer the ETag cache keeps. check
// refuses an answer that is not the documented one, which is then neither
// returned nor cached.
func cachedOf[T any](name string, check func(*T) error) *endpoint.Op[cached[T]] {
	return &endpoint.Op[cached[T]]{
		Spec: endpoint.Spec{Name: name},
		Decode: func(resp *endpoint.Response, out *cached[T]) error {
			n := &countingReader{r: resp.Body}
			err := transport.DecodeJSON(n, &out.val)
			out.size, out.etag = n.n, resp.Header.Get("ETag")
			return err
		},
		Check: func(c *cached[T]) error { return check(&c.val) },
	}
}

// cachedListOf declares a cached GET of a list of E.
func cachedListOf[E any](name string) *endpoint.Op[cached[[]E]] {
	return cachedOf(name, func(out *[]E) error {
		if *out == nil {
			return errNullAnswer
		}
		for i := range *out {
			if err := checkOne(&(*out)[i], 0); err != nil {
				return fmt.Errorf("element %d: %w", i, err)
			}
		}
		return nil
	})
}

// cachedOneOf declares a cached GET of one E, checked as a single answer.
func cachedOneOf[E any](name string) *endpoint.Op[cached[*E]] {
	return cachedOf(name, func(p **E) error {
		if *p == nil {
			return errNullAnswer
		}
		return checkOne(*p, 0)
	})
}

// getCached sends op's GET with If-None-Match when an earlier answer to
// the same path and query is held, and reuses that answer on 304 Not
// Modified without decoding anything. A 200 with an ETag replaces it. The
// value is shared by every caller that gets it from the cache; the
// callers below hand out shallow copies.
func getCached[T any](ctx context.Context, s *service, op *endpoint.Op[cached[T]], path string, q url.Values, qerr error) (T, error) {
	var zero T
	if qerr != nil {
		return zero, qerr
	}
	key := path + "?" + q.Encode()
	cache := s.cache()
	etag, held, ok := cache.get(key)
	r := endpoint.Request{Path: path, Query: q}
	if ok {
		r.Header = http.Header{"If-None-Match": {etag}}
	}
	out, err := op.Do(ctx, s.transport(), r)
	if err != nil {
		var ae *APIError
		if ok && errors.As(err, &ae) && ae.StatusCode == http.StatusNotModified {
			cache.count(true)
			return held.(T), nil
		}
		return zero, err
	}
	cache.count(false)
	if out.etag != "" {
		cache.put(key, out.etag, out.val, out.size)
	} else if ok {
		cache.remove(key) // the held answer can no longer be revalidated
	}
	return out.val, nil
}

// cachedList is getCached for a list: the slice and the structs it points
// to are the caller's own (it may sort or change them); their nested
// values are shared.
func cachedList[E any](ctx context.Context, s *service, op *endpoint.Op[cached[[]E]], path string, q url.Values, qerr error) ([]*E, error) {
	v, err := getCached(ctx, s, op, path, q, qerr)
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
func cachedOne[E any](ctx context.Context, s *service, op *endpoint.Op[cached[*E]], path string, q url.Values, qerr error) (*E, error) {
	p, err := getCached(ctx, s, op, path, q, qerr)
	if err != nil {
		return nil, err
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
