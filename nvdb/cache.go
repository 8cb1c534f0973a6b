package nvdb

import (
	"container/list"
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"sync"

	"github.com/vegdata/go-vegdata/internal/transport"
)

// DefaultCacheSize is the number of answers the ETag cache of a client
// keeps unless WithCacheSize says otherwise.
const DefaultCacheSize = 256

// etagCache keeps decoded answers with their ETag, least recently used
// first out. It belongs to one Client and is safe for concurrent use.
type etagCache struct {
	mu   sync.Mutex
	max  int
	ll   *list.List // of *cacheEntry, most recent at the front
	byID map[string]*list.Element

	hits, misses int64
}

type cacheEntry struct {
	key  string
	etag string
	val  any
}

func newETagCache(max int) *etagCache {
	return &etagCache{max: max, ll: list.New(), byID: map[string]*list.Element{}}
}

func (c *etagCache) get(key string) (etag string, val any, ok bool) {
	if c == nil || c.max <= 0 {
		return "", nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byID[key]
	if !ok {
		return "", nil, false
	}
	c.ll.MoveToFront(el)
	e := el.Value.(*cacheEntry)
	return e.etag, e.val, true
}

func (c *etagCache) put(key, etag string, val any) {
	if c == nil || c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[key]; ok {
		e := el.Value.(*cacheEntry)
		e.etag, e.val = etag, val
		c.ll.MoveToFront(el)
		return
	}
	c.byID[key] = c.ll.PushFront(&cacheEntry{key: key, etag: etag, val: val})
	for c.ll.Len() > c.max {
		last := c.ll.Back()
		c.ll.Remove(last)
		delete(c.byID, last.Value.(*cacheEntry).key)
	}
}

func (c *etagCache) remove(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byID[key]; ok {
		c.ll.Remove(el)
		delete(c.byID, key)
	}
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

func (c *etagCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.ll.Len()
}

// CacheStats counts the answers of the client's ETag cache.
type CacheStats struct {
	// Entries is the number of answers held.
	Entries int
	// Revalidated counts requests NVDB answered 304 Not Modified, so the
	// held answer was reused without decoding.
	Revalidated int64
	// Fetched counts cacheable requests answered with a full body.
	Fetched int64
}

// CacheStats reports how the ETag cache of the datakatalog and the areas
// has been used.
func (c *Client) CacheStats() CacheStats {
	n := c.cache.len()
	c.cache.mu.Lock()
	defer c.cache.mu.Unlock()
	return CacheStats{Entries: n, Revalidated: c.cache.hits, Fetched: c.cache.misses}
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
	var out T
	resp, err := s.client.tc.JSON(ctx, req, &out)
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
		cache.put(key, tag, out)
	} else if ok {
		cache.remove(key) // the held answer can no longer be revalidated
	}
	return out, nil
}

// cachedList is getCached for a list: the slice is the caller's own (it
// may be sorted or appended to); its elements' nested values are shared.
func cachedList[E any](ctx context.Context, s *service, path string, q url.Values) ([]E, error) {
	v, err := getCached[[]E](ctx, s, path, q)
	if err != nil {
		return nil, err
	}
	return slices.Clone(v), nil
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
