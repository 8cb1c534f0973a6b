package apiskriv_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// BenchmarkOppdragListPage decodes one full page (1000 oppdrag) of the
// oppdrag search in each format, in process: what the envelope check adds
// to a page is measured against the decoding itself.
func BenchmarkOppdragListPage(b *testing.B) {
	for _, f := range formats {
		var body strings.Builder
		if f == apiskriv.XML {
			body.WriteString(`<oppdragliste xmlns="http://nvdb.vegvesen.no/apiskriv/domain/task/v1" antallTotalt="4951115">`)
			for i := 1; i <= apiskriv.MaxAntall; i++ {
				fmt.Fprintf(&body, `<oppdrag id="%d"><typeId>24598</typeId><navn>Fylkes- og kommunale veger</navn><sluttidspunkt>2016-09-20T07:13:31Z</sluttidspunkt>`+
					`<bruker id="42"><brukernavn>olanor</brukernavn><fulltNavn>Ola Nordmann</fulltNavn></bruker><tjenesteregel>VEGNETTSOPPDRAG</tjenesteregel></oppdrag>`, i)
			}
			body.WriteString(`</oppdragliste>`)
		} else {
			body.WriteString(`{"antallTotalt":4951115,"oppdrag":[`)
			for i := 1; i <= apiskriv.MaxAntall; i++ {
				if i > 1 {
					body.WriteString(",")
				}
				fmt.Fprintf(&body, `{"id":%d,"typeId":24598,"navn":"Fylkes- og kommunale veger","sluttidspunkt":"2016-09-20T07:13:31Z",`+
					`"bruker":{"id":42,"brukernavn":"olanor","fulltNavn":"Ola Nordmann"},"tjenesteregel":"VEGNETTSOPPDRAG"}`, i)
			}
			body.WriteString(`]}`)
		}
		b.Run(f.String(), func(b *testing.B) {
			c := answerClient(b, 200, []byte(body.String()))
			ctx := context.Background()
			b.SetBytes(int64(body.Len()))
			b.ReportAllocs()
			for b.Loop() {
				p, err := c.Oppdrag.List(ctx, &apiskriv.OppdragQuery{Antall: apiskriv.MaxAntall})
				if err != nil || len(p.Items) != apiskriv.MaxAntall {
					b.Fatal(err)
				}
			}
		})
	}
}
