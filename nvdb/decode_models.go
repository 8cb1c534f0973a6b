package nvdb

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/vegdata/go-vegdata/internal/endpoint"
	"github.com/vegdata/go-vegdata/internal/transport"
)

// The hand-written decoders below mirror the json tags of the models; a
// test decodes the same pages with encoding/json and compares.

func (s *scanner) vegobjekt(o *Vegobjekt) error {
	var lastWKT string // the same geometry often appears three times
	wkt := func() (string, error) {
		raw, esc, err := s.rawString()
		if err != nil {
			return "", err
		}
		if esc {
			return s.unescape(raw)
		}
		if string(raw) == lastWKT {
			return lastWKT, nil
		}
		lastWKT = string(raw)
		return lastWKT, nil
	}
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			o.ID, err = s.int64v()
		case "href":
			o.Href, err = s.nullableStr(false)
		case "metadata":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			o.Metadata = s.metas.get()
			err = s.metadata(o.Metadata)
		case "egenskaper":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			// Egenskaper of many objects share one block; each object gets a
			// capped window of it, so appending to one never touches another.
			start := len(s.egArena)
			err = s.array(func() error {
				if len(s.egArena) == cap(s.egArena) {
					// Full: move this object's egenskaper to a new block.
					n := len(s.egArena) - start
					nb := make([]Egenskap, n, max(256, 2*n))
					copy(nb, s.egArena[start:])
					s.egArena, start = nb, 0
				}
				s.egArena = append(s.egArena, Egenskap{})
				return s.egenskap(&s.egArena[len(s.egArena)-1])
			})
			end := len(s.egArena)
			o.Egenskaper = Egenskaper(s.egArena[start:end:end])
		case "geometri":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			g := s.utledet.get()
			o.Geometri = g
			err = s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "wkt":
					g.WKT, err = wkt()
				case "srid":
					g.Srid, err = s.intv()
				case "egengeometri":
					g.Egengeometri, err = s.boolean()
				case "forenklet":
					g.Forenklet, err = s.boolean()
				case "lengde":
					g.Lengde, err = s.floatp()
				case "areal":
					g.Areal, err = s.floatp()
				default:
					_, err = s.skip(false)
				}
				return err
			})
		case "lokasjon":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			o.Lokasjon = s.lokasjoner.get()
			err = s.lokasjon(o.Lokasjon, wkt)
		case "relasjoner":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			o.Relasjoner = s.relasjoner.get()
			err = s.relasjonerObj(o.Relasjoner)
		case "vegsegmenter":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			o.Vegsegmenter = make([]Vegsegment, 0, 1)
			err = s.array(func() error {
				o.Vegsegmenter = append(o.Vegsegmenter, Vegsegment{})
				return s.vegsegment(&o.Vegsegmenter[len(o.Vegsegmenter)-1], wkt)
			})
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) metadata(m *Metadata) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "type":
			err = s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "id":
					m.Type.ID, err = s.intv()
				case "navn":
					m.Type.Navn, err = s.nullableStr(true)
				default:
					_, err = s.skip(false)
				}
				return err
			})
		case "versjon":
			m.Versjon, err = s.intv()
		case "startdato":
			var d string
			d, err = s.nullableStr(true)
			m.Startdato = Dato(d)
		case "sluttdato":
			var d string
			d, err = s.nullableStr(true)
			m.Sluttdato = Dato(d)
		case "sist_modifisert":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			var t time.Time
			t, err = s.timestamp()
			m.SistModifisert = t
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) verdi(v *Verdi) error {
	c, err := s.next()
	if err != nil {
		return err
	}
	switch {
	case c == 'n':
		*v = Verdi{}
		return s.literal("null")
	case c == 't' || c == 'f':
		b, err := s.boolean()
		*v = BoolVerdi(b)
		return err
	case c == '"':
		str, err := s.istr()
		*v = Verdi{kind: VerdiString, s: str}
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		b, err := s.number()
		if err != nil {
			return err
		}
		return v.UnmarshalJSON(b)
	}
	raw, err := s.skip(true)
	*v = Verdi{kind: VerdiRaw, raw: raw}
	return err
}

func (s *scanner) enhet() (*Enhet, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	e := s.newEnhet()
	return e, s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			e.ID, err = s.intv()
		case "navn":
			e.Navn, err = s.nullableStr(true)
		case "kortnavn":
			e.Kortnavn, err = s.nullableStr(true)
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) egenskap(e *Egenskap) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			e.ID, err = s.intv()
		case "navn":
			e.Navn, err = s.nullableStr(true)
		case "egenskapstype":
			var t string
			t, err = s.nullableStr(true)
			e.Egenskapstype = Egenskapstype(t)
		case "verdi":
			err = s.verdi(&e.Verdi)
		case "enum_id":
			e.EnumID, err = s.intv()
		case "enhet":
			e.Enhet, err = s.enhet()
		case "innhold":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			e.Innhold = []Egenskap{}
			err = s.array(func() error {
				e.Innhold = append(e.Innhold, Egenskap{})
				return s.egenskap(&e.Innhold[len(e.Innhold)-1])
			})
		case "srid":
			e.Srid, err = s.intv()
		case "datafangstdato", "verifiseringsdato", "oppdateringsdato":
			which := k[0] // k is only valid until the next read
			var d string
			d, err = s.nullableStr(true)
			switch which {
			case 'd':
				e.Datafangstdato = Dato(d)
			case 'v':
				e.Verifiseringsdato = Dato(d)
			default:
				e.Oppdateringsdato = Dato(d)
			}
		case "prosesshistorikk":
			e.Prosesshistorikk, err = s.nullableStr(false)
		case "kommune":
			e.Kommune, err = s.intv()
		case "medium":
			e.Medium, err = s.nullableStr(true)
		case "medium_nvdb":
			e.MediumNVDB, err = s.intv()
		case "sosinavn":
			e.Sosinavn, err = s.nullableStr(true)
		case "temakode":
			e.Temakode, err = s.intv()
		case "lengde":
			e.Lengde, err = s.floatp()
		case "blob_id":
			e.BlobID, err = s.intv()
		case "blob_format":
			e.BlobFormat, err = s.nullableStr(true)
		case "href":
			e.Href, err = s.nullableStr(false)
		case "kvalitet", "referansegeometri", "høydereferanse":
			// rare: let encoding/json fill them
			which := k[0] // k is only valid until the next read
			raw, err := s.skip(true)
			if err != nil {
				return err
			}
			switch which {
			case 'k':
				if string(raw) != "null" {
					e.Kvalitet = &GeometriKvalitet{}
					return json.Unmarshal(raw, e.Kvalitet)
				}
			case 'r':
				return json.Unmarshal(raw, &e.Referansegeometri)
			default:
				return json.Unmarshal(raw, &e.Hoydereferanse)
			}
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) geometri(wkt func() (string, error)) (*Geometri, error) {
	if isNull, err := s.null(); isNull || err != nil {
		return nil, err
	}
	g := s.geometrier.get()
	return g, s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "wkt":
			g.WKT, err = wkt()
		case "srid":
			g.Srid, err = s.intv()
		case "forenklet":
			g.Forenklet, err = s.boolean()
		case "egengeometri":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			var b bool
			b, err = s.boolean()
			g.Egengeometri = &b
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) lokasjon(l *Lokasjon, wkt func() (string, error)) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "kommuner":
			l.Kommuner, err = s.ints()
		case "fylker":
			l.Fylker, err = s.ints()
		case "kontraktsområder":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Kontraktsomrader = []Kontraktsomrade{}
			err = s.array(func() error {
				var ko Kontraktsomrade
				err := s.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "id":
						ko.ID, err = s.int64v()
					case "nummer":
						ko.Nummer, err = s.intv()
					case "navn":
						ko.Navn, err = s.nullableStr(true)
					default:
						_, err = s.skip(false)
					}
					return err
				})
				l.Kontraktsomrader = append(l.Kontraktsomrader, ko)
				return err
			})
		case "riksvegruter":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Riksvegruter = []Riksvegrute{}
			err = s.array(func() error {
				var r Riksvegrute
				err := s.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "enumid":
						r.EnumID, err = s.intv()
					case "riksvegrute":
						r.Riksvegrute, err = s.nullableStr(true)
					default:
						_, err = s.skip(false)
					}
					return err
				})
				l.Riksvegruter = append(l.Riksvegruter, r)
				return err
			})
		case "vegforvaltere":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Vegforvaltere = []Vegforvalter{}
			err = s.array(func() error {
				var v Vegforvalter
				err := s.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "enumid":
						v.EnumID, err = s.intv()
					case "vegforvalter":
						v.Vegforvalter, err = s.nullableStr(true)
					default:
						_, err = s.skip(false)
					}
					return err
				})
				l.Vegforvaltere = append(l.Vegforvaltere, v)
				return err
			})
		case "adresser":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Adresser = []Adresse{}
			err = s.array(func() error {
				var a Adresse
				err := s.object(func(k []byte) error {
					var err error
					switch string(k) {
					case "navn":
						a.Navn, err = s.nullableStr(true)
					case "adressekode":
						a.Adressekode, err = s.intv()
					default:
						_, err = s.skip(false)
					}
					return err
				})
				l.Adresser = append(l.Adresser, a)
				return err
			})
		case "vegsystemreferanser":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Vegsystemreferanser = make([]Vegsystemreferanse, 0, 1)
			err = s.array(func() error {
				l.Vegsystemreferanser = append(l.Vegsystemreferanser, Vegsystemreferanse{})
				return s.vegsystemreferanse(&l.Vegsystemreferanser[len(l.Vegsystemreferanser)-1])
			})
		case "stedfestinger":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			l.Stedfestinger = make([]Stedfesting, 0, 1)
			err = s.array(func() error {
				l.Stedfestinger = append(l.Stedfestinger, Stedfesting{})
				return s.stedfesting(&l.Stedfestinger[len(l.Stedfestinger)-1])
			})
		case "geometri":
			l.Geometri, err = s.geometri(wkt)
		case "lengde":
			l.Lengde, err = s.float()
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) vegsystemreferanse(v *Vegsystemreferanse) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "vegsystem":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			vs := s.vegsystem.get()
			v.Vegsystem = vs
			err = s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "vegkategori":
					vs.Vegkategori, err = s.nullableStr(true)
				case "fase":
					vs.Fase, err = s.nullableStr(true)
				case "nummer":
					vs.Nummer, err = s.intv()
				default:
					_, err = s.skip(false)
				}
				return err
			})
		case "strekning":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			st := s.strekning.get()
			v.Strekning = st
			err = s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "strekning":
					st.Strekning, err = s.intv()
				case "delstrekning":
					st.Delstrekning, err = s.intv()
				case "arm":
					st.Arm, err = s.boolean()
				case "adskilte_løp":
					st.AdskilteLop, err = s.nullableStr(true)
				case "trafikantgruppe":
					st.Trafikantgruppe, err = s.nullableStr(true)
				case "retning":
					st.Retning, err = s.nullableStr(true)
				case "meter":
					st.Meter, err = s.floatp()
				case "fra_meter":
					st.FraMeter, err = s.floatp()
				case "til_meter":
					st.TilMeter, err = s.floatp()
				case "adskilte_løp_nummer":
					st.AdskilteLopNummer, err = s.nullableStr(true)
				default:
					_, err = s.skip(false)
				}
				return err
			})
		case "kryssystem":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			v.Kryssystem = &Kryssystem{}
			err = s.raw(v.Kryssystem)
		case "sideanlegg":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			v.Sideanlegg = &Sideanlegg{}
			err = s.raw(v.Sideanlegg)
		case "metrertLokasjon":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			v.MetrertLokasjon = &MetrertLokasjon{}
			err = s.raw(v.MetrertLokasjon)
		case "kortform":
			v.Kortform, err = s.nullableStr(true)
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) stedfesting(st *Stedfesting) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "type":
			st.Type, err = s.nullableStr(true)
		case "veglenkesekvensid":
			st.Veglenkesekvensid, err = s.int64v()
		case "nodeid":
			st.Nodeid, err = s.int64v()
		case "relativPosisjon":
			st.RelativPosisjon, err = s.floatp()
		case "startposisjon":
			st.Startposisjon, err = s.floatp()
		case "sluttposisjon":
			st.Sluttposisjon, err = s.floatp()
		case "startpunkt", "sluttpunkt":
			start := k[2] == 'a' // k is only valid until the next read
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			p := &Stedfesting{}
			if start {
				st.Startpunkt = p
			} else {
				st.Sluttpunkt = p
			}
			err = s.stedfesting(p)
		case "retning":
			st.Retning, err = s.nullableStr(true)
		case "kjørefelt":
			st.Kjorefelt, err = s.strs()
		case "sideposisjon":
			st.Sideposisjon, err = s.nullableStr(true)
		case "kortform":
			st.Kortform, err = s.nullableStr(true)
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

func (s *scanner) vegsegment(v *Vegsegment, wkt func() (string, error)) error {
	return s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "veglenkesekvensid":
			v.Veglenkesekvensid, err = s.int64v()
		case "startposisjon":
			v.Startposisjon, err = s.floatp()
		case "sluttposisjon":
			v.Sluttposisjon, err = s.floatp()
		case "relativPosisjon":
			v.RelativPosisjon, err = s.floatp()
		case "lengde":
			v.Lengde, err = s.float()
		case "retning":
			v.Retning, err = s.nullableStr(true)
		case "kjørefelt":
			v.Kjorefelt, err = s.strs()
		case "sideposisjon":
			v.Sideposisjon, err = s.nullableStr(true)
		case "feltoversikt":
			v.Feltoversikt, err = s.strs()
		case "veglenkeType":
			v.VeglenkeType, err = s.nullableStr(true)
		case "detaljnivå":
			v.Detaljniva, err = s.nullableStr(true)
		case "typeVeg":
			v.TypeVeg, err = s.nullableStr(true)
		case "typeVeg_sosi":
			v.TypeVegSosi, err = s.nullableStr(true)
		case "startdato":
			var d string
			d, err = s.nullableStr(true)
			v.Startdato = Dato(d)
		case "sluttdato":
			var d string
			d, err = s.nullableStr(true)
			v.Sluttdato = Dato(d)
		case "geometri":
			var g *Geometri
			g, err = s.geometri(wkt)
			if g != nil {
				v.Geometri = *g
			}
		case "kommune":
			v.Kommune, err = s.intv()
		case "fylke":
			v.Fylke, err = s.intv()
		case "vegsystemreferanse":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			v.Vegsystemreferanse = &Vegsystemreferanse{}
			err = s.vegsystemreferanse(v.Vegsystemreferanse)
		case "kontraktsområder":
			v.Kontraktsomrader, err = s.int64s()
		case "riksvegruter":
			v.Riksvegruter, err = s.ints()
		case "vegforvaltere":
			v.Vegforvaltere, err = s.ints()
		case "adresser":
			v.Adresser, err = s.int64s()
		default:
			_, err = s.skip(false)
		}
		return err
	})
}

// page decodes a whole page. A body cut short or broken off returns the
// read error as it is (worth fetching again); a whole body that is not a
// page is a *decodeError.
func (s *scanner) page() (*Page[Vegobjekt], error) {
	side := &Page[Vegobjekt]{}
	if err := s.pageInto(side); err != nil {
		return nil, err
	}
	return side, nil
}

// pageInto decodes a page into side. The objects are carved from shared
// blocks, one allocation per 64 objects, and never moved once decoded.
func (s *scanner) pageInto(side *Page[Vegobjekt]) error {
	sawMeta := false
	err := s.object(func(k []byte) error {
		switch string(k) {
		case "objekter":
			side.Items = make([]*Vegobjekt, 0, 64)
			return s.array(func() error {
				if isNull, err := s.null(); isNull || err != nil {
					if err == nil {
						err = s.syntax("a null vegobjekt")
					}
					return err
				}
				o := s.objs.get()
				side.Items = append(side.Items, o)
				return s.vegobjekt(o)
			})
		case "metadata":
			sawMeta = true
			return s.raw(&side.Metadata)
		}
		_, err := s.skip(false)
		return err
	})
	if err != nil {
		if s.rerr != nil {
			return err // the body broke off while read: worth fetching again
		}
		// The body arrived whole (even one that ends mid-page): fetching
		// it again will not help.
		return &decodeError{err}
	}
	if !sawMeta {
		return &decodeError{errNoMeta}
	}
	return nil
}

// decodeError is a page that arrived whole but is not what NVDB sends;
// fetching it again will not help.
type decodeError struct{ err error }

func (e *decodeError) Error() string { return e.err.Error() }
func (e *decodeError) Unwrap() error { return e.err }

var errNoMeta = errors.New("page without metadata")

func (s *scanner) relasjonerObj(r *Relasjoner) error {
	return s.object(func(k []byte) error {
		var list *[]Relasjon
		switch string(k) {
		case "foreldre":
			list = &r.Foreldre
		case "barn":
			list = &r.Barn
		default:
			_, err := s.skip(false)
			return err
		}
		if isNull, err := s.null(); isNull || err != nil {
			return err
		}
		*list = []Relasjon{}
		return s.array(func() error {
			*list = append(*list, Relasjon{})
			return s.relasjon(&(*list)[len(*list)-1])
		})
	})
}

func (s *scanner) relasjon(r *Relasjon) error {
	err := s.object(func(k []byte) error {
		var err error
		switch string(k) {
		case "id":
			r.ID, err = s.intv()
		case "type":
			err = s.object(func(k []byte) error {
				var err error
				switch string(k) {
				case "id":
					r.Type.ID, err = s.intv()
				case "navn":
					r.Type.Navn, err = s.nullableStr(true)
				default:
					_, err = s.skip(false)
				}
				return err
			})
		case "relasjonstype":
			r.Relasjonstype, err = s.nullableStr(true)
		case "listeid":
			r.Listeid, err = s.intv()
		case "vegobjekter":
			if isNull, err := s.null(); isNull || err != nil {
				return err
			}
			if err := s.expect('['); err != nil {
				return err
			}
			for first := true; ; first = false {
				c, err := s.next()
				if err != nil {
					return err
				}
				if c == ']' && first {
					s.pos++
					r.VegobjektIder = []int64{}
					return nil
				}
				if c == '{' {
					if r.Vegobjekter == nil {
						r.Vegobjekter = []Vegobjekt{}
					}
					r.Vegobjekter = append(r.Vegobjekter, Vegobjekt{})
					err = s.vegobjekt(&r.Vegobjekter[len(r.Vegobjekter)-1])
				} else {
					var id int64
					id, err = s.int64v()
					r.VegobjektIder = append(r.VegobjektIder, id)
				}
				if err != nil {
					return err
				}
				if c, err = s.next(); err != nil {
					return err
				}
				s.pos++
				if c == ']' {
					return nil
				}
				if c != ',' {
					return s.syntax("expected , or ]")
				}
			}
		default:
			_, err = s.skip(false)
		}
		return err
	})
	if err != nil {
		return err
	}
	if r.Relasjonstype == "" { // as Relasjon.UnmarshalJSON does
		if r.Vegobjekter != nil {
			r.Relasjonstype = RelasjonstypeVegobjekter
		} else if r.VegobjektIder != nil {
			r.Relasjonstype = RelasjonstypeVegobjektIder
		}
	}
	return nil
}

// Single answers (one object, node, veglenkesekvens or catalogue entry)
// are decoded whole by encoding/json, which takes {} or null for an empty
// value. Each is checked for the members the OpenAPI file marks required
// and that identify it, so a proxy's or a broken server's {} is
// ErrInvalidResponse, never an object with ID 0.

// answer is a single answer that can tell whether it is the one asked
// for: want is the id asked for, or 0 where the caller names none.
type answer interface {
	checkAnswer(want int64) error
}

var errNullAnswer = errors.New("answer is null")

// checkID reports an id that is missing or not the one asked for.
func checkID(what string, got, want int64) error {
	switch {
	case got <= 0:
		return fmt.Errorf("%s without id", what)
	case want > 0 && got != want:
		return fmt.Errorf("%s %d where %d was asked for", what, got, want)
	}
	return nil
}

func (o *Vegobjekt) checkAnswer(want int64) error {
	if o == nil {
		return errNullAnswer
	}
	if err := checkID("vegobjekt", o.ID, want); err != nil {
		return err
	}
	if o.Href == "" {
		return fmt.Errorf("vegobjekt %d without href", o.ID)
	}
	return nil
}

func (n *Node) checkAnswer(want int64) error {
	if n == nil {
		return errNullAnswer
	}
	if err := checkID("node", n.ID, want); err != nil {
		return err
	}
	if n.Href == "" {
		return fmt.Errorf("node %d without href", n.ID)
	}
	return nil
}

func (v *Veglenkesekvens) checkAnswer(want int64) error {
	if v == nil {
		return errNullAnswer
	}
	if err := checkID("veglenkesekvens", v.Veglenkesekvensid, want); err != nil {
		return err
	}
	if v.Href == "" {
		return fmt.Errorf("veglenkesekvens %d without href", v.Veglenkesekvensid)
	}
	return nil
}

func (t *Vegobjekttype) checkAnswer(want int64) error {
	if t == nil {
		return errNullAnswer
	}
	return checkID("vegobjekttype", int64(t.ID), want)
}

func (e *EgenskapstypeInfo) checkAnswer(want int64) error {
	if e == nil {
		return errNullAnswer
	}
	if err := checkID("egenskapstype", int64(e.ID), want); err != nil {
		return err
	}
	if e.Egenskapstype == "" {
		return fmt.Errorf("egenskapstype %d without its egenskapstype", e.ID)
	}
	return nil
}

func (v *DatakatalogVersjon) checkAnswer(int64) error {
	if v == nil {
		return errNullAnswer
	}
	if err := checkID("datakatalog versjon", int64(v.ID), 0); err != nil {
		return err
	}
	if v.Versjon == "" {
		return errors.New("datakatalog versjon without versjon")
	}
	return nil
}

// checkVersjoner checks the versions of object id: at least one (an
// object has a first version), each of that object.
func checkVersjoner(out []*Vegobjekt, id int64) error {
	if out == nil {
		return errNullAnswer
	}
	if len(out) == 0 {
		return fmt.Errorf("no version of vegobjekt %d", id)
	}
	for i, o := range out {
		if err := o.checkAnswer(id); err != nil {
			return fmt.Errorf("versjon %d: %w", i, err)
		}
	}
	return nil
}

// checkSegmenter checks the segments of veglenkesekvens id: a list (null
// is not one), each segment of that veglenkesekvens.
func checkSegmenter(out []*Veglenkesegment, id int64) error {
	if out == nil {
		return errNullAnswer
	}
	for i, s := range out {
		if s == nil {
			return fmt.Errorf("segment %d: %w", i, errNullAnswer)
		}
		if err := checkID("veglenkesegment of veglenkesekvens", s.Veglenkesekvensid, id); err != nil {
			return fmt.Errorf("segment %d: %w", i, err)
		}
	}
	return nil
}

// checkList checks a list answer: a list (null is not one) without null
// elements, each checked as a single answer where it is one.
func checkList[E any](out *[]*E) error {
	if *out == nil {
		return errNullAnswer
	}
	for i, e := range *out {
		if e == nil {
			return fmt.Errorf("element %d: %w", i, errNullAnswer)
		}
		if a, ok := any(e).(answer); ok {
			if err := a.checkAnswer(0); err != nil {
				return fmt.Errorf("element %d: %w", i, err)
			}
		}
	}
	return nil
}

// checkOne checks v if it is a single answer; want as for answer.
func checkOne(v any, want int64) error {
	if a, ok := v.(answer); ok {
		return a.checkAnswer(want)
	}
	return nil
}

// decodeJSON is the Decode of every single answer: NVDB answers JSON, so
// anything else (a proxy's HTML or XML) is ErrInvalidResponse rather than
// decoded into an empty value.
func decodeJSON[R any](resp *endpoint.Response, out *R) error {
	return transport.DecodeJSON(resp.Body, out)
}

// opOf declares a GET of one answer R, decoded whole as JSON and checked
// by check (nil for none).
func opOf[R any](name string, check func(*R) error) *endpoint.Op[R] {
	return &endpoint.Op[R]{Spec: endpoint.Spec{Name: name}, Decode: decodeJSON[R], Check: check}
}

// asking returns op with check added to its own: the check of what one
// call asked for (an id, a version).
func asking[R any](op *endpoint.Op[R], check func(*R) error) *endpoint.Op[R] {
	c := *op
	c.Check = func(r *R) error {
		if op.Check != nil {
			if err := op.Check(r); err != nil {
				return err
			}
		}
		return check(r)
	}
	return &c
}

// get is the request of a GET of path with query q, or the error found
// building them.
func get(path string, q url.Values, err error) endpoint.Request {
	if err != nil {
		return endpoint.Fail(err)
	}
	return endpoint.Request{Path: path, Query: q}
}

// many returns the list a list answer decoded into.
func many[E any](out *[]*E, err error) ([]*E, error) {
	if err != nil {
		return nil, err
	}
	return *out, nil
}
