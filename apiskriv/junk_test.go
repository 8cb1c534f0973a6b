package apiskriv_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/oauth2"

	"github.com/vegdata/go-vegdata/apiskriv"
	"github.com/vegdata/go-vegdata/apiskriv/apiskrivtest"
	"github.com/vegdata/go-vegdata/internal/hostile"
)

// junkAnswers are 200 answers that are not API Skriv's: they must never
// pass as an empty success.
var junkAnswers = []struct{ name, contentType, body string }{
	{"foreign XML root", "application/xml", `<?xml version="1.0"?><root antallTotalt="1"><oppdrag id="1"/></root>`},
	{"html", "text/html", `<html><head><title>Vedlikehold</title></head><body><p>Tjenesten er nede</p></body></html>`},
	{"xhtml", "application/xhtml+xml", `<html xmlns="http://www.w3.org/1999/xhtml"><body>login</body></html>`},
	{"empty JSON object", "application/json", `{}`},
	{"empty JSON array", "application/json", `[]`},
	{"JSON null", "application/json", `null`},
	{"plain text", "text/plain", `Service Unavailable`},
}

// junkOperation is one method of the package that decodes an answer; it
// returns the first error and how many items it handed out.
type junkOperation struct {
	name string
	call func(ctx context.Context, c *apiskriv.Client) (items int, err error)
}

func one[T any](v T, err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return 1, nil
}

func page[T any](p *apiskriv.Page[T], err error) (int, error) {
	if err != nil {
		return 0, err
	}
	return len(p.Items), nil
}

// drain ranges seq to its end and returns the items seen and the first
// error (the sequence must end after it).
func drain[T any](seq iter.Seq2[T, error]) (int, error) {
	n := 0
	for _, err := range seq {
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func pagesItems[T any](seq iter.Seq2[*apiskriv.Page[T], error]) (int, error) {
	n := 0
	for p, err := range seq {
		if err != nil {
			return n, err
		}
		n += len(p.Items)
	}
	return n, nil
}

// junkOperations is every call of the package that decodes an answer.
func junkOperations() []junkOperation {
	const setID = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	doc := func() *apiskriv.Endringssett {
		return apiskriv.NewEndringssett(apiskrivtest.DatakatalogVersjon).AddRegistrer(tunnel("t1"))
	}
	tq := &apiskriv.TransaksjonQuery{OppdragID: 3466724}
	links := apiskriv.Ressurser{{Rel: "oppdrag", Src: "rest/v1/oppdrag/3466724"}, {Rel: "transaksjoner", Src: "rest/v1/transaksjon?oppdragId=3466724"},
		{Rel: "status", Src: "rest/v3/endringssett/" + setID + "/status"}, {Rel: "fremdrift", Src: "rest/v3/endringssett/" + setID + "/fremdrift"},
		{Rel: "endringssett", Src: "rest/v3/endringssett/" + setID}}
	follow := func(rel string, out any) func(ctx context.Context, c *apiskriv.Client) (int, error) {
		return func(ctx context.Context, c *apiskriv.Client) (int, error) {
			if err := c.Follow(ctx, links, rel, out); err != nil {
				return 0, err
			}
			return 1, nil
		}
	}
	return []junkOperation{
		{"Oppdrag.Get", func(ctx context.Context, c *apiskriv.Client) (int, error) { return one(c.Oppdrag.Get(ctx, 3466724)) }},
		{"Oppdrag.List", func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"Oppdrag.Pages", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return pagesItems(c.Oppdrag.Pages(ctx, nil))
		}},
		{"Oppdrag.All", func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Oppdrag.All(ctx, nil)) }},
		{"Transaksjoner.List", func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Transaksjoner.List(ctx, tq)) }},
		{"Transaksjoner.Pages", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return pagesItems(c.Transaksjoner.Pages(ctx, tq))
		}},
		{"Transaksjoner.All", func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Transaksjoner.All(ctx, tq)) }},
		{"Laaser.Get", func(ctx context.Context, c *apiskriv.Client) (int, error) { return one(c.Laaser.Get(ctx, 17900713)) }},
		{"Laaser.List", func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Laaser.List(ctx, nil)) }},
		{"Laaser.Pages", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return pagesItems(c.Laaser.Pages(ctx, nil))
		}},
		{"Laaser.All", func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Laaser.All(ctx, nil)) }},
		{"Laaser.Create", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			l := docLaas()
			return one(c.Laaser.Create(ctx, &l))
		}},
		{"Laaser.Blokkerende", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			l, err := c.Laaser.Blokkerende(ctx, &apiskriv.Status{BlokkerendeLaaser: []int64{17900713}})
			return len(l), err
		}},
		{"Endringssett.List", func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Endringssett.List(ctx, nil)) }},
		{"Endringssett.Pages", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return pagesItems(c.Endringssett.Pages(ctx, nil))
		}},
		{"Endringssett.All", func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Endringssett.All(ctx, nil)) }},
		{"Endringssett.Get", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Get(ctx, setID, nil))
		}},
		{"Endringssett.Status", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Status(ctx, setID, nil))
		}},
		{"Endringssett.Fremdrift", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Fremdrift(ctx, setID))
		}},
		{"Endringssett.FremdriftOgAarsak", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.FremdriftOgAarsak(ctx, setID))
		}},
		{"Endringssett.Wait", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Wait(ctx, setID))
		}},
		{"Endringssett.Validate", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Validate(ctx, doc(), nil))
		}},
		{"Endringssett.Register", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Register(ctx, doc(), nil))
		}},
		{"Endringssett.Start", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Start(ctx, setID))
		}},
		{"Endringssett.Cancel", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Cancel(ctx, setID))
		}},
		{"Endringssett.Restart", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Endringssett.Restart(ctx, setID))
		}},
		{"Autorisasjon.Get", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Autorisasjon.Get(ctx, "olanor"))
		}},
		{"Stedfesting.Stedfest", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Stedfesting.Stedfest(ctx, docStedfest()))
		}},
		{"Konvertering.SosiGeoJSON", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Konvertering.SosiGeoJSON(ctx, []byte(docGeoJSON)))
		}},
		{"Konvertering.Sosi", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Konvertering.Sosi(ctx, []byte(docSOSI)))
		}},
		{"Binaer.Upload", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Binaer.Upload(ctx, "image/png", "skilt.png", strings.NewReader("png")))
		}},
		{"Regelsett.Get", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Regelsett.Get(ctx, apiskriv.RegelsettVeglenke))
		}},
		{"Regelsett.Versjon", func(ctx context.Context, c *apiskriv.Client) (int, error) {
			return one(c.Regelsett.Versjon(ctx, apiskriv.RegelsettVeglenke))
		}},
		{"Follow *Oppdrag", follow("oppdrag", &apiskriv.Oppdrag{})},
		{"Follow *Page[Transaksjon]", follow("transaksjoner", &apiskriv.Page[apiskriv.Transaksjon]{})},
		{"Follow *Status", follow("status", &apiskriv.Status{})},
		{"Follow *Fremdrift", follow("fremdrift", new(apiskriv.Fremdrift))},
		{"Follow *Endringssett", follow("endringssett", &apiskriv.Endringssett{})},
	}
}

// junkClient is a client of a server that answers every request with
// status 200, the request id rid-junk and body.
func junkClient(t *testing.T, f apiskriv.Format, h http.Handler) *apiskriv.Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := apiskriv.NewClient("junk", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: fuzzToken}),
		apiskriv.WithBaseURL(srv.URL), apiskriv.WithFormat(f),
		apiskriv.WithRetry(fastRetry()), apiskriv.WithPollIntervals(fastPoll()))
	require.NoError(t, err)
	return c
}

// Every call that decodes an answer, in both wire formats, refuses every
// kind of junk 200 with an ErrInvalidResponse *APIError that keeps the
// status and the request id, and hands out no item.
func TestJunkAnswerIsNeverAnEmptySuccess(t *testing.T) {
	for _, f := range formats {
		for _, junk := range junkAnswers {
			t.Run(f.String()+"/"+junk.name, func(t *testing.T) {
				c := junkClient(t, f, hostile.Handler(200, junk.contentType, "rid-junk", func() io.Reader { return strings.NewReader(junk.body) }))
				for _, op := range junkOperations() {
					items, err := op.call(context.Background(), c)
					assert.Zero(t, items, op.name)
					if assert.Error(t, err, op.name) {
						assert.ErrorIs(t, err, apiskriv.ErrInvalidResponse, op.name)
						var ae *apiskriv.APIError
						if assert.True(t, errors.As(err, &ae), "%s: %T %v", op.name, err, err) {
							assert.Equal(t, 200, ae.StatusCode, op.name)
							assert.Equal(t, "rid-junk", ae.RequestID, op.name)
						}
						assert.NotContains(t, err.Error(), fuzzToken)
					}
				}
			})
		}
	}
}

// An answer of the documented shape but in another XML namespace is not
// the API's answer either, and a list answer without antallTotalt is not
// a list.
func TestJunkAnswerOfDocumentedShape(t *testing.T) {
	tests := []struct {
		name, body string
		call       func(ctx context.Context, c *apiskriv.Client) (int, error)
	}{
		{"oppdrag in a foreign namespace", `<oppdrag xmlns="urn:annet" id="1"><navn>x</navn></oppdrag>`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return one(c.Oppdrag.Get(ctx, 1)) }},
		{"oppdragliste in a foreign namespace", `<oppdragliste xmlns="urn:annet" antallTotalt="1"><oppdrag id="1"/></oppdragliste>`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"XML list without antallTotalt", `<oppdragliste><oppdrag id="1"/></oppdragliste>`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"JSON list without antallTotalt", `{"oppdrag":[{"id":1}]}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"JSON list without its items", `{"antallTotalt":6}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"JSON list with items without id", `{"antallTotalt":1,"oppdrag":[{}]}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }},
		{"JSON transaksjoner without antallTotalt", `{"transaksjon":[]}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return page(c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 1}))
			}},
		{"JSON object without id", `{"navn":"Fylkes- og kommunale veger"}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return one(c.Oppdrag.Get(ctx, 1)) }},
		{"JSON lock without id", `{"vegnettlås":false}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return one(c.Laaser.Get(ctx, 1)) }},
		{"JSON status without fremdrift", `{"eier":"olanor"}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Endringssett.Status(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6", nil))
			}},
		{"JSON endringssett without status", `{"datakatalogversjon":"2.37","id":"3fa85f64-5717-4562-b3fc-2c963f66afa6"}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Endringssett.Get(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6", nil))
			}},
		{"JSON autorisasjon without hva", `{"hvor":{}}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Autorisasjon.Get(ctx, "olanor"))
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := junkClient(t, apiskriv.JSON, hostile.Handler(200, "", "rid-junk", func() io.Reader { return strings.NewReader(tc.body) }))
			items, err := tc.call(context.Background(), c)
			assert.Zero(t, items)
			requireAPIError(t, err, apiskriv.ErrInvalidResponse, 200, "rid-junk")
		})
	}
}

// The documented answers, with their namespace, without one, and empty
// where empty is what the total says, are read.
func TestDocumentedAnswersAreRead(t *testing.T) {
	tests := []struct {
		name, body string
		call       func(ctx context.Context, c *apiskriv.Client) (int, error)
		items      int
	}{
		{"the docs' oppdragliste", string(readTestdata(t, "doc-v1-oppdragliste.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }, 1},
		{"oppdragliste without namespace", `<oppdragliste antallTotalt="1"><oppdrag id="1"/></oppdragliste>`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }, 1},
		{"empty XML list", `<oppdragliste xmlns="http://nvdb.vegvesen.no/apiskriv/domain/task/v1" antallTotalt="0"/>`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }, 0},
		{"empty JSON list", `{"antallTotalt":0,"oppdrag":[]}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Oppdrag.List(ctx, nil)) }, 0},
		{"JSON list past its total", `{"antallTotalt":3}`,
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return page(c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Start: 4}))
			}, 0},
		{"the docs' transaksjoner", string(readTestdata(t, "doc-v1-transaksjoner-liste.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return page(c.Transaksjoner.List(ctx, &apiskriv.TransaksjonQuery{OppdragID: 3466724}))
			}, 1},
		{"the docs' låsliste", string(readTestdata(t, "doc-v1-laasliste.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Laaser.List(ctx, nil)) }, 1},
		{"the docs' endringssettliste", string(readTestdata(t, "doc-v3-endringssett-sok-liste.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) { return page(c.Endringssett.List(ctx, nil)) }, 1},
		{"the docs' endringssett with status", string(readTestdata(t, "doc-v3-endringssett-get-med-status.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Endringssett.Get(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6", nil))
			}, 1},
		{"a real endringssett in JSON", string(readTestdata(t, "real-v3-endringssett-get-json-venter-systemfeil-trimmed.json")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Endringssett.Get(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6", nil))
			}, 1},
		{"the docs' fremdrift", string(readTestdata(t, "doc-v3-endringssett-fremdrift-response.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Endringssett.Fremdrift(ctx, "3fa85f64-5717-4562-b3fc-2c963f66afa6"))
			}, 1},
		{"the docs' autorisasjon", string(readTestdata(t, "doc-v1-autorisasjon.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Autorisasjon.Get(ctx, "olanor"))
			}, 1},
		{"the docs' stedfesting", string(readTestdata(t, "doc-v3-stedfest-response-ok.xml")),
			func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return one(c.Stedfesting.Stedfest(ctx, docStedfest()))
			}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := junkClient(t, apiskriv.XML, hostile.Handler(200, "", "rid", func() io.Reader { return strings.NewReader(tc.body) }))
			items, err := tc.call(context.Background(), c)
			require.NoError(t, err)
			assert.Equal(t, tc.items, items)
		})
	}
}

// pagedServer records the starts a list iterator asks for.
type pagedServer struct {
	mu     sync.Mutex
	starts []int
}

// An iterator whose antallTotalt says more items exist never ends in
// silence: when a later page is junk, or empty before the total is
// reached, the iterator yields the items it has and then an
// ErrInvalidResponse, and stops.
func TestIteratorNeverEndsBeforeItsTotal(t *testing.T) {
	type list struct {
		name     string
		path     string
		xmlRoot  string
		xmlItem  func(i int) string
		jsonKey  string
		jsonItem func(i int) string
		all      func(ctx context.Context, c *apiskriv.Client) (int, error)
	}
	lists := []list{
		{name: "Oppdrag.All", path: "/rest/v1/oppdrag", xmlRoot: "oppdragliste", jsonKey: "oppdrag",
			xmlItem:  func(i int) string { return fmt.Sprintf(`<oppdrag id="%d"/>`, i) },
			jsonItem: func(i int) string { return fmt.Sprintf(`{"id":%d}`, i) },
			all:      func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Oppdrag.All(ctx, nil)) }},
		{name: "Transaksjoner.All", path: "/rest/v1/transaksjon", xmlRoot: "transaksjoner", jsonKey: "transaksjon",
			xmlItem:  func(i int) string { return fmt.Sprintf(`<transaksjon><oppdragId>%d</oppdragId></transaksjon>`, i) },
			jsonItem: func(i int) string { return fmt.Sprintf(`{"oppdragId":%d}`, i) },
			all: func(ctx context.Context, c *apiskriv.Client) (int, error) {
				return drain(c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{EndringssettID: "3fa85f64-5717-4562-b3fc-2c963f66afa6"}))
			}},
		{name: "Laaser.All", path: "/rest/v1/lås", xmlRoot: "låsliste", jsonKey: "lås",
			xmlItem:  func(i int) string { return fmt.Sprintf(`<lås id="%d"/>`, i) },
			jsonItem: func(i int) string { return fmt.Sprintf(`{"id":%d}`, i) },
			all:      func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Laaser.All(ctx, nil)) }},
		{name: "Endringssett.All", path: "/rest/v3/endringssett", xmlRoot: "endringssettliste", jsonKey: "endringssett",
			xmlItem:  func(i int) string { return fmt.Sprintf(`<endringssett id="%d"/>`, i) },
			jsonItem: func(i int) string { return fmt.Sprintf(`{"id":"%d"}`, i) },
			all:      func(ctx context.Context, c *apiskriv.Client) (int, error) { return drain(c.Endringssett.All(ctx, nil)) }},
	}
	// second is what the page from start 4 says; total is 6 and the first
	// page holds items 1-3.
	seconds := []struct {
		name    string
		xml     func(l list) string
		json    func(l list) string
		wantErr bool
		want    int
	}{
		{"the rest", func(l list) string {
			return fmt.Sprintf(`<%s antallTotalt="6">%s%s%s</%s>`, l.xmlRoot, l.xmlItem(4), l.xmlItem(5), l.xmlItem(6), l.xmlRoot)
		}, func(l list) string {
			return fmt.Sprintf(`{"antallTotalt":6,%q:[%s,%s,%s]}`, l.jsonKey, l.jsonItem(4), l.jsonItem(5), l.jsonItem(6))
		}, false, 6},
		{"fewer items than asked, then the rest", nil, nil, false, 6},
		{"empty before the total", func(l list) string {
			return fmt.Sprintf(`<%s antallTotalt="6"/>`, l.xmlRoot)
		}, func(l list) string { return fmt.Sprintf(`{"antallTotalt":6,%q:[]}`, l.jsonKey) }, true, 3},
		{"a total that shrank to what was read", func(l list) string {
			return fmt.Sprintf(`<%s antallTotalt="3"/>`, l.xmlRoot)
		}, func(l list) string { return fmt.Sprintf(`{"antallTotalt":3,%q:[]}`, l.jsonKey) }, false, 3},
		{"{}", func(list) string { return `{}` }, func(list) string { return `{}` }, true, 3},
		{"html", func(list) string { return `<html><body>Bad Gateway</body></html>` }, func(list) string { return `<html><body>Bad Gateway</body></html>` }, true, 3},
		{"foreign root", func(list) string { return `<root antallTotalt="6"/>` }, func(list) string { return `<root antallTotalt="6"/>` }, true, 3},
	}
	for _, f := range formats {
		for _, l := range lists {
			for _, second := range seconds {
				t.Run(fmt.Sprintf("%s/%s/%s", f, l.name, second.name), func(t *testing.T) {
					ps := &pagedServer{}
					h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
						start, _ := strconv.Atoi(r.URL.Query().Get("start"))
						start = max(start, 1)
						ps.mu.Lock()
						ps.starts = append(ps.starts, start)
						ps.mu.Unlock()
						w.Header().Set("X-Request-ID", fmt.Sprintf("rid-%d", start))
						var items []int
						switch {
						case start == 1:
							items = []int{1, 2, 3}
						case second.xml == nil && start <= 6:
							items = []int{start} // one item a page: the server pages shorter than asked
						default:
							if f == apiskriv.XML {
								_, _ = io.WriteString(w, second.xml(l))
							} else {
								_, _ = io.WriteString(w, second.json(l))
							}
							return
						}
						var b strings.Builder
						if f == apiskriv.XML {
							fmt.Fprintf(&b, `<%s antallTotalt="6">`, l.xmlRoot)
							for _, i := range items {
								b.WriteString(l.xmlItem(i))
							}
							fmt.Fprintf(&b, `</%s>`, l.xmlRoot)
						} else {
							parts := make([]string, len(items))
							for k, i := range items {
								parts[k] = l.jsonItem(i)
							}
							fmt.Fprintf(&b, `{"antallTotalt":6,%q:[%s]}`, l.jsonKey, strings.Join(parts, ","))
						}
						_, _ = io.WriteString(w, b.String())
					})
					c := junkClient(t, f, h)
					n, err := l.all(context.Background(), c)
					assert.Equal(t, second.want, n, "items yielded")
					if second.wantErr {
						requireAPIError(t, err, apiskriv.ErrInvalidResponse, 200, "rid-4")
						assert.Equal(t, []int{1, 4}, ps.starts, "the iterator stops at the bad page")
					} else {
						require.NoError(t, err)
					}
				})
			}
		}
	}
}

// The same against the fake: a range over Oppdrag.All whose second page
// is replaced (Script) by junk or by an empty page ends with an error after
// the first page's items, not with fewer items and no error.
func TestOppdragAllOnFakeWithJunkSecondPage(t *testing.T) {
	for _, f := range formats {
		for _, body := range []string{`{}`, `<html><body>proxy</body></html>`, `{"antallTotalt":6,"oppdrag":[]}`, `<oppdragliste antallTotalt="6"/>`} {
			t.Run(f.String()+"/"+body, func(t *testing.T) {
				srv := apiskrivtest.NewServer()
				t.Cleanup(srv.Close)
				c, err := apiskriv.NewClient("junk", oauth2.StaticTokenSource(&oauth2.Token{AccessToken: fuzzToken}),
					apiskriv.WithBaseURL(srv.URL), apiskriv.WithFormat(f),
					apiskriv.WithRetry(fastRetry()))
				require.NoError(t, err)
				ctx := context.Background()
				first, err := c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: 3, Eier: "olanor"})
				require.NoError(t, err)
				require.Greater(t, first.AntallTotalt, 3, "the fake has more than one page for olanor")

				n := 0
				var last error
				for o, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Antall: 3, Eier: "olanor"}) {
					if err != nil {
						last = err
						continue
					}
					require.NotNil(t, o)
					if n++; n == 1 {
						srv.Script(apiskrivtest.Fault{Status: 200, Body: body}) // the next request: page 2
					}
				}
				assert.Equal(t, 3, n)
				require.ErrorIs(t, last, apiskriv.ErrInvalidResponse)
				var ae *apiskriv.APIError
				require.ErrorAs(t, last, &ae)
				assert.Equal(t, 200, ae.StatusCode)
			})
		}
	}
}

// Register finds the set's id in Location when the 201 names no self link;
// with neither, the answer is refused.
func TestRegisterIDFromLocation(t *testing.T) {
	const id = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	for _, tc := range []struct {
		name, location string
		ok             bool
	}{{"Location", "/rest/v3/endringssett/" + id, true}, {"no Location", "", false}} {
		t.Run(tc.name, func(t *testing.T) {
			c := junkClient(t, apiskriv.JSON, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if tc.location != "" {
					w.Header().Set("Location", tc.location)
				}
				w.Header().Set("X-Request-ID", "rid-junk")
				w.WriteHeader(http.StatusCreated)
				_, _ = io.WriteString(w, `[]`)
			}))
			reg, err := c.Endringssett.Register(context.Background(), apiskriv.NewEndringssett("2.37").AddRegistrer(tunnel("t1")), nil)
			if !tc.ok {
				requireAPIError(t, err, apiskriv.ErrInvalidResponse, http.StatusCreated, "rid-junk")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, id, reg.ID)
		})
	}
}

// Follow into a *[]byte keeps a document whose schema is not published as
// it arrived, and still refuses what is not a document; an out of another
// type, or nil, is refused before anything is sent.
func TestFollowDocument(t *testing.T) {
	links := apiskriv.Ressurser{{Rel: "objekt", Src: "rest/v3/les/vegobjekt/83/737948714/1"}}
	for _, doc := range []string{`<vegobjekt xmlns="urn:x" id="737948714"/>`, `{"id":737948714}`, `[{"id":737948714}]`} {
		c := junkClient(t, apiskriv.JSON, hostile.Handler(200, "", "rid", func() io.Reader { return strings.NewReader(doc) }))
		var b []byte
		require.NoError(t, c.Follow(context.Background(), links, "objekt", &b), doc)
		assert.Equal(t, doc, string(b))
	}
	for _, junk := range junkAnswers {
		if junk.name == "foreign XML root" {
			continue // any root is a document here
		}
		t.Run(junk.name, func(t *testing.T) {
			c := junkClient(t, apiskriv.XML, hostile.Handler(200, junk.contentType, "rid-junk", func() io.Reader { return strings.NewReader(junk.body) }))
			b := []byte("kept")
			err := c.Follow(context.Background(), links, "objekt", &b)
			requireAPIError(t, err, apiskriv.ErrInvalidResponse, 200, "rid-junk")
			assert.Equal(t, "kept", string(b), "out is left as it was")
		})
	}

	var sent atomic.Int32
	c := junkClient(t, apiskriv.JSON, http.HandlerFunc(func(http.ResponseWriter, *http.Request) { sent.Add(1) }))
	for _, out := range []any{new(string), &map[string]any{}, nil, (*apiskriv.Oppdrag)(nil), apiskriv.Oppdrag{}} {
		err := c.Follow(context.Background(), links, "objekt", out)
		assert.ErrorIs(t, err, apiskriv.ErrInvalidArgument, "%T", out)
	}
	assert.ErrorIs(t, c.Follow(context.Background(), links, "self", new([]byte)), apiskriv.ErrInvalidArgument, "no such rel")
	assert.Zero(t, sent.Load())
}
