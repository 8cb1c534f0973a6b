package apiskriv

import (
	"encoding/xml"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// The poll schedule follows the documented recommendations.
func TestPollSchedule(t *testing.T) {
	s, m := time.Second, time.Minute
	tests := []struct {
		name       string
		ventPaaLes bool
		states     []Fremdrift
		waits      []time.Duration // -1 marks the end of polling
	}{
		{"behandles grows to the cap", false,
			[]Fremdrift{FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftBehandles, FremdriftUtfort},
			[]time.Duration{s, 1500 * time.Millisecond, 2250 * time.Millisecond, 3375 * time.Millisecond, 5062500 * time.Microsecond, 7593750 * time.Microsecond, 11390625 * time.Microsecond, 15 * s, -1}},
		{"venter before behandles polls each second", false,
			[]Fremdrift{FremdriftVenter, FremdriftVenter, FremdriftBehandles, FremdriftVenter, FremdriftAvvist},
			[]time.Duration{s, s, s, m, -1}},
		{"utført waits a minute for API Les", true,
			[]Fremdrift{FremdriftBehandles, FremdriftUtfort, FremdriftUtfort, FremdriftUtfortOgEtterbehandlet},
			[]time.Duration{s, m, m, -1}},
		{"terminal states stop", false, []Fremdrift{FremdriftKansellert}, []time.Duration{-1}},
		{"not started stops", false, []Fremdrift{FremdriftIkkeStartet}, []time.Duration{-1}},
		{"unknown state polls slowly", false, []Fremdrift{"NY_TILSTAND"}, []time.Duration{15 * s}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := poller{iv: DefaultPollIntervals(), ventPaaLes: tt.ventPaaLes}
			var got []time.Duration
			for _, f := range tt.states {
				w, done := p.next(f)
				if done {
					w = -1
				}
				got = append(got, w)
			}
			assert.Equal(t, tt.waits, got)
		})
	}
}

func TestPollIntervalDefaults(t *testing.T) {
	p := PollIntervals{Behandles: time.Minute}.withDefaults()
	assert.Equal(t, time.Minute, p.BehandlesMax, "the cap is never below the start")
	assert.Equal(t, time.Second, p.Venter)
	assert.Equal(t, DefaultPollIntervals(), PollIntervals{}.withDefaults())
}

func FuzzParseFault(f *testing.F) {
	f.Add([]byte(`<fault xmlns="http://nvdb.vegvesen.no/apiskriv/fault/v1"><message>a</message></fault>`))
	f.Add([]byte(`<fault><messages><message>a</message><message>b</message></messages></fault>`))
	f.Add([]byte(`{"messages":[{"message":"x"}]}`))
	f.Add([]byte(`{"message":7}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		if fl, ok := parseFault(b); ok {
			for _, m := range fl.Messages {
				if m == "" {
					t.Fatal("empty message kept")
				}
			}
		}
	})
}

func FuzzFremdriftOgAarsak(f *testing.F) {
	f.Add("AVVIST:VALIDERINGSFEIL")
	f.Add("VENTER:VENTER_PÅ_LÅS")
	f.Add("BEHANDLES")
	f.Fuzz(func(t *testing.T, s string) {
		v := parseFremdriftOgAarsak(s)
		if v.Aarsak == "" && v.String() != string(v.Fremdrift) {
			t.Fatalf("String() = %q", v.String())
		}
	})
}

func FuzzEndringssettXML(f *testing.F) {
	f.Add([]byte(`<endringssett xmlns="http://nvdb.vegvesen.no/apiskriv/domain/changeset/v3"><datakatalogversjon>2.20</datakatalogversjon><registrer><vegobjekter><vegobjekt typeId="581" tempId="t"><stedfesting><linje veglenkesekvensNvdbId="1" fra="0.5" til="0.1"/></stedfesting></vegobjekt></vegobjekter></registrer></endringssett>`))
	f.Add([]byte(`<endringssett><lukk><vegobjekter><vegobjekt/></vegobjekter></lukk></endringssett>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var e Endringssett
		if err := xml.Unmarshal(b, &e); err != nil {
			return
		}
		_ = e.Check()
		if _, err := xml.Marshal(endringssettXML{Endringssett: &e}); err != nil {
			t.Fatalf("re-encoding a decoded document: %v", err)
		}
	})
}
