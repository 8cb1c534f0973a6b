package apiskriv

// Nil-safe accessors of the optional parts of answers: each reads a missing
// element (a nil pointer, including a nil receiver) as "not there" instead
// of panicking.

// Fremdrift returns the progress of a set read with Get or listed with
// List/All, "" when the answer carried no status.
func (e *Endringssett) Fremdrift() Fremdrift {
	if e == nil || e.Status == nil {
		return ""
	}
	return e.Status.Fremdrift
}

// AlleFeil returns every error of the status's resultat, the set's own
// first; nil when there is no resultat.
func (s *Status) AlleFeil() []Melding {
	if s == nil {
		return nil
	}
	return s.Resultat.AlleFeil()
}

// OppdragID returns the oppdrag a finished set was written as
// (transaksjon/oppdragId), false until there is one.
func (s *Status) OppdragID() (int64, bool) {
	if s == nil || s.Transaksjon == nil || s.Transaksjon.OppdragID == 0 {
		return 0, false
	}
	return s.Transaksjon.OppdragID, true
}

// TilgjengeligILes reports whether the change is visible in API Les
// (etterbehandling/tilgjengeligILes); false when the element is missing.
func (s *Status) TilgjengeligILes() bool {
	return s != nil && s.Etterbehandling != nil && s.Etterbehandling.TilgjengeligILes
}

// DryRun reports whether the set was a dry run (behandlingsparametere/dryrun);
// false when the element is missing.
func (s *Status) DryRun() bool {
	return s != nil && s.Behandlingsparametere != nil && s.Behandlingsparametere.Dryrun
}

// KanselleringErBestilt reports whether cancelling was asked for
// (kanselleringBestilt); false when the element is missing.
func (s *Status) KanselleringErBestilt() bool {
	return s != nil && s.KanselleringBestilt != nil && *s.KanselleringBestilt
}

// Vegobjekt returns the result for the object with the given tempId (new
// objects) or nvdbId as text; nil when there is none.
func (r *Resultat) Vegobjekt(tempID string) *VegobjektResultat {
	if r == nil {
		return nil
	}
	for i := range r.Vegobjekter {
		if r.Vegobjekter[i].TempID == tempID {
			return &r.Vegobjekter[i]
		}
	}
	return nil
}

// NvdbID returns the nvdbId the API gave the new object with tempID,
// false when the resultat does not name one.
func (r *Resultat) NvdbID(tempID string) (int64, bool) {
	v := r.Vegobjekt(tempID)
	if v == nil || v.NvdbID == 0 {
		return 0, false
	}
	return v.NvdbID, true
}

// EgenskapType returns the egenskapTypeId the message is about, false when
// it names none.
func (m *Melding) EgenskapType() (int, bool) {
	return optInt(m, func(m *Melding) *int { return m.EgenskapTypeID })
}

// Veglenke returns the veglenkenummer the message is about, false when it
// names none.
func (m *Melding) Veglenke() (int, bool) {
	return optInt(m, func(m *Melding) *int { return m.Veglenkenummer })
}

// Port returns the portnummer the message is about, false when it names
// none.
func (m *Melding) Port() (int, bool) { return optInt(m, func(m *Melding) *int { return m.Portnummer }) }

func optInt[T any](v *T, get func(*T) *int) (int, bool) {
	if v == nil {
		return 0, false
	}
	p := get(v)
	if p == nil {
		return 0, false
	}
	return *p, true
}
