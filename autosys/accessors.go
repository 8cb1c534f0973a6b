package autosys

import "strings"

// The accessors below answer the questions most callers have without a
// chain of nil checks. Each is safe on a nil *Kjoretoydata and on any
// missing group; numbers come with ok=false when the register gave none.

func (k *Kjoretoydata) tekniskGodkjenning() *TekniskGodkjenning {
	if k == nil || k.Godkjenning == nil {
		return nil
	}
	return k.Godkjenning.TekniskGodkjenning
}

func (k *Kjoretoydata) tekniskeData() *TekniskeData {
	if g := k.tekniskGodkjenning(); g != nil {
		return g.TekniskeData
	}
	return nil
}

func (k *Kjoretoydata) generelt() *Generelt {
	if t := k.tekniskeData(); t != nil {
		return t.Generelt
	}
	return nil
}

func (k *Kjoretoydata) vekter() *Vekter {
	if t := k.tekniskeData(); t != nil {
		return t.Vekter
	}
	return nil
}

func intOf(p *int) (int, bool) {
	if p == nil {
		return 0, false
	}
	return *p, true
}

// Name returns the code's name, else its description, else the code.
func (c *KodeverkType) Name() string {
	if c == nil {
		return ""
	}
	for _, s := range []string{c.KodeNavn, c.KodeBeskrivelse, c.KodeVerdi} {
		if s != "" {
			return s
		}
	}
	return ""
}

// Code returns the code value (KodeVerdi), "" when c is nil.
func (c *KodeverkType) Code() string {
	if c == nil {
		return ""
	}
	return c.KodeVerdi
}

// RegistrertKjennemerke returns the plate as the register formats it
// ("EK 39085"), from kjoretoyId, else the newest plate in the history.
func (k *Kjoretoydata) RegistrertKjennemerke() string {
	if k == nil {
		return ""
	}
	if k.KjoretoyID != nil && k.KjoretoyID.Kjennemerke != "" {
		return k.KjoretoyID.Kjennemerke
	}
	for i := len(k.Kjennemerke) - 1; i >= 0; i-- {
		if k.Kjennemerke[i].TilTidspunkt.IsZero() && k.Kjennemerke[i].Kjennemerke != "" {
			return k.Kjennemerke[i].Kjennemerke
		}
	}
	return ""
}

// Understellsnummer returns the vehicle's VIN.
func (k *Kjoretoydata) Understellsnummer() string {
	if k == nil || k.KjoretoyID == nil {
		return ""
	}
	return k.KjoretoyID.Understellsnummer
}

// Merke returns the make ("VOLKSWAGEN"); several makes are joined by " / ".
func (k *Kjoretoydata) Merke() string {
	g := k.generelt()
	if g == nil {
		return ""
	}
	var out []string
	for _, m := range g.Merke {
		if m.Merke != "" {
			out = append(out, m.Merke)
		}
	}
	return strings.Join(out, " / ")
}

// Modell returns the model (the first handelsbetegnelse, "E-GOLF"), else
// the type designation.
func (k *Kjoretoydata) Modell() string {
	g := k.generelt()
	if g == nil {
		return ""
	}
	for _, h := range g.Handelsbetegnelse {
		if h = strings.TrimSpace(h); h != "" {
			return h
		}
	}
	return g.Typebetegnelse
}

// Kjoretoyklasse returns the technical vehicle class (the EU category:
// M1, N1, N3, L3e, O1 …).
func (k *Kjoretoydata) Kjoretoyklasse() string {
	if g := k.tekniskGodkjenning(); g != nil && g.Kjoretoyklassifisering != nil {
		return g.Kjoretoyklassifisering.TekniskKode.Code()
	}
	return ""
}

// Kjoretoybeskrivelse returns the class in words ("Personbil").
func (k *Kjoretoydata) Kjoretoybeskrivelse() string {
	if g := k.tekniskGodkjenning(); g != nil && g.Kjoretoyklassifisering != nil {
		if d := g.Kjoretoyklassifisering.Beskrivelse; d != "" {
			return d
		}
		return g.Kjoretoyklassifisering.TekniskKode.Name()
	}
	return ""
}

// Drivstoff returns the names of the vehicle's fuels ("Bensin", "Elektrisk"),
// each once, from the environmental data, else from the engines. A
// plug-in hybrid has two. A trailer has none.
func (k *Kjoretoydata) Drivstoff() []string {
	t := k.tekniskeData()
	if t == nil {
		return nil
	}
	var out []string
	add := func(c *KodeverkType) {
		n := c.Name()
		if n == "" {
			return
		}
		for _, o := range out {
			if strings.EqualFold(o, n) {
				return
			}
		}
		out = append(out, n)
	}
	if t.Miljodata != nil {
		for i := range t.Miljodata.MiljoOgdrivstoffGruppe {
			add(t.Miljodata.MiljoOgdrivstoffGruppe[i].DrivstoffKodeMiljodata)
		}
	}
	if len(out) == 0 && t.MotorOgDrivverk != nil {
		for _, m := range t.MotorOgDrivverk.Motor {
			for i := range m.Drivstoff {
				add(m.Drivstoff[i].DrivstoffKode)
			}
		}
	}
	return out
}

// ForstegangsregistrertNorge returns the date of first registration in
// Norway.
func (k *Kjoretoydata) ForstegangsregistrertNorge() (Date, bool) {
	if k == nil {
		return Date{}, false
	}
	if k.Forstegangsregistrering != nil && !k.Forstegangsregistrering.RegistrertForstegangNorgeDato.IsZero() {
		return k.Forstegangsregistrering.RegistrertForstegangNorgeDato, true
	}
	if k.Godkjenning != nil && k.Godkjenning.ForstegangsGodkjenning != nil {
		if d := k.Godkjenning.ForstegangsGodkjenning.ForstegangRegistrertDato; !d.IsZero() {
			return d, true
		}
	}
	return Date{}, false
}

// Kontrollfrist returns the deadline of the next periodic roadworthiness
// control (EU-kontroll). ok is false for vehicles without that duty
// (vintage cars, trailers under 3.5 t, scrapped vehicles …).
func (k *Kjoretoydata) Kontrollfrist() (Date, bool) {
	if k == nil || k.PeriodiskKjoretoyKontroll == nil || k.PeriodiskKjoretoyKontroll.Kontrollfrist.IsZero() {
		return Date{}, false
	}
	return k.PeriodiskKjoretoyKontroll.Kontrollfrist, true
}

// SistGodkjentKontroll returns the date the last periodic control passed.
func (k *Kjoretoydata) SistGodkjentKontroll() (Date, bool) {
	if k == nil || k.PeriodiskKjoretoyKontroll == nil || k.PeriodiskKjoretoyKontroll.SistGodkjent.IsZero() {
		return Date{}, false
	}
	return k.PeriodiskKjoretoyKontroll.SistGodkjent, true
}

// Egenvekt returns the own (kerb) weight in kg.
func (k *Kjoretoydata) Egenvekt() (int, bool) {
	if v := k.vekter(); v != nil {
		return intOf(v.Egenvekt)
	}
	return 0, false
}

// Nyttelast returns the payload in kg.
func (k *Kjoretoydata) Nyttelast() (int, bool) {
	if v := k.vekter(); v != nil {
		return intOf(v.Nyttelast)
	}
	return 0, false
}

// TillattTotalvekt returns the permitted total weight in kg, else the
// technically permitted one.
func (k *Kjoretoydata) TillattTotalvekt() (int, bool) {
	v := k.vekter()
	if v == nil {
		return 0, false
	}
	if n, ok := intOf(v.TillattTotalvekt); ok {
		return n, true
	}
	return intOf(v.TekniskTillattTotalvekt)
}

// TillattTilhengervekt returns the permitted trailer weight in kg with and
// without brakes; each ok is false when not given.
func (k *Kjoretoydata) TillattTilhengervekt() (medBrems int, medOK bool, utenBrems int, utenOK bool) {
	v := k.vekter()
	if v == nil {
		return 0, false, 0, false
	}
	medBrems, medOK = intOf(v.TillattTilhengervektMedBrems)
	utenBrems, utenOK = intOf(v.TillattTilhengervektUtenBrems)
	return
}

// TillattVogntogvekt returns the permitted combination weight in kg.
func (k *Kjoretoydata) TillattVogntogvekt() (int, bool) {
	if v := k.vekter(); v != nil {
		return intOf(v.TillattVogntogvekt)
	}
	return 0, false
}

// EffektKW returns the largest maximum net power (kW) given for any engine
// and fuel; for an electric motor with no net power given, its 30-minute
// power (maksEffektPrTime), which is often all the register holds. For a
// hybrid this is the stronger of the combustion engine and the electric
// motor, not a system total, which the register does not give.
func (k *Kjoretoydata) EffektKW() (float64, bool) {
	t := k.tekniskeData()
	if t == nil || t.MotorOgDrivverk == nil {
		return 0, false
	}
	best, ok := 0.0, false
	for _, m := range t.MotorOgDrivverk.Motor {
		for _, d := range m.Drivstoff {
			p := d.MaksNettoEffekt
			if p == nil {
				p = d.MaksEffektPrTime
			}
			if p != nil && (!ok || *p > best) {
				best, ok = *p, true
			}
		}
	}
	return best, ok
}

// Sitteplasser returns the total number of seats, the driver's included.
func (k *Kjoretoydata) Sitteplasser() (int, bool) {
	t := k.tekniskeData()
	if t == nil || t.Persontall == nil {
		return 0, false
	}
	return intOf(t.Persontall.SitteplasserTotalt)
}

// Farge returns the colour's name ("Blå"); several are joined by " / ".
func (k *Kjoretoydata) Farge() string {
	t := k.tekniskeData()
	if t == nil || t.KarosseriOgLasteplan == nil {
		return ""
	}
	var out []string
	for i := range t.KarosseriOgLasteplan.RFarge {
		if n := t.KarosseriOgLasteplan.RFarge[i].Name(); n != "" {
			out = append(out, n)
		}
	}
	return strings.Join(out, " / ")
}

// Registreringsstatus returns the registration status code: REGISTRERT,
// AVREGISTRERT, VRAKET …
func (k *Kjoretoydata) Registreringsstatus() string {
	if k == nil || k.Registrering == nil {
		return ""
	}
	return k.Registrering.Registreringsstatus.Code()
}

// Registreringsbegrensninger returns the limits placed on the vehicle's
// registration (empty for most vehicles).
func (k *Kjoretoydata) Registreringsbegrensninger() []KodeverkType {
	if k == nil || k.Godkjenning == nil || k.Godkjenning.Registreringsbegrensninger == nil {
		return nil
	}
	return k.Godkjenning.Registreringsbegrensninger.Registreringsbegrensning
}

// WLTPRekkeviddeKm returns the electric range in km under WLTP (mixed
// driving), from the vehicle-specific value, else the type approval's.
func (k *Kjoretoydata) WLTPRekkeviddeKm() (int, bool) {
	t := k.tekniskeData()
	if t == nil || t.Miljodata == nil {
		return 0, false
	}
	for _, g := range t.Miljodata.MiljoOgdrivstoffGruppe {
		for _, f := range g.ForbrukOgUtslipp {
			for _, w := range []*WLTP{f.WltpKjoretoyspesifikk, f.WltpTypegodkjenningMedium, f.WltpTypegodkjenningMin, f.WltpTypegodkjenningMaks} {
				if w != nil && w.RekkeviddeKmBlandetkjoring != nil {
					return *w.RekkeviddeKmBlandetkjoring, true
				}
			}
		}
	}
	return 0, false
}
