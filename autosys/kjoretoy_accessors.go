package autosys

// The accessors of Kjoretoydata, forwarded so that they stay nil-safe on
// a nil *Kjoretoy (a promoted method would dereference it).

// teknisk returns the embedded technical data, nil when k is nil.
func (k *Kjoretoy) teknisk() *Kjoretoydata {
	if k == nil {
		return nil
	}
	return &k.Kjoretoydata
}

// RegistrertKjennemerke is Kjoretoydata.RegistrertKjennemerke; nil-safe.
func (k *Kjoretoy) RegistrertKjennemerke() string { return k.teknisk().RegistrertKjennemerke() }

// Understellsnummer is Kjoretoydata.Understellsnummer; nil-safe.
func (k *Kjoretoy) Understellsnummer() string { return k.teknisk().Understellsnummer() }

// Merke is Kjoretoydata.Merke; nil-safe.
func (k *Kjoretoy) Merke() string { return k.teknisk().Merke() }

// Modell is Kjoretoydata.Modell; nil-safe.
func (k *Kjoretoy) Modell() string { return k.teknisk().Modell() }

// Kjoretoyklasse is Kjoretoydata.Kjoretoyklasse; nil-safe.
func (k *Kjoretoy) Kjoretoyklasse() string { return k.teknisk().Kjoretoyklasse() }

// Kjoretoybeskrivelse is Kjoretoydata.Kjoretoybeskrivelse; nil-safe.
func (k *Kjoretoy) Kjoretoybeskrivelse() string { return k.teknisk().Kjoretoybeskrivelse() }

// Drivstoff is Kjoretoydata.Drivstoff; nil-safe.
func (k *Kjoretoy) Drivstoff() []string { return k.teknisk().Drivstoff() }

// ForstegangsregistrertNorge is Kjoretoydata.ForstegangsregistrertNorge; nil-safe.
func (k *Kjoretoy) ForstegangsregistrertNorge() (Date, bool) {
	return k.teknisk().ForstegangsregistrertNorge()
}

// Kontrollfrist is Kjoretoydata.Kontrollfrist; nil-safe.
func (k *Kjoretoy) Kontrollfrist() (Date, bool) { return k.teknisk().Kontrollfrist() }

// SistGodkjentKontroll is Kjoretoydata.SistGodkjentKontroll; nil-safe.
func (k *Kjoretoy) SistGodkjentKontroll() (Date, bool) { return k.teknisk().SistGodkjentKontroll() }

// Egenvekt is Kjoretoydata.Egenvekt; nil-safe.
func (k *Kjoretoy) Egenvekt() (int, bool) { return k.teknisk().Egenvekt() }

// Nyttelast is Kjoretoydata.Nyttelast; nil-safe.
func (k *Kjoretoy) Nyttelast() (int, bool) { return k.teknisk().Nyttelast() }

// TillattTotalvekt is Kjoretoydata.TillattTotalvekt; nil-safe.
func (k *Kjoretoy) TillattTotalvekt() (int, bool) { return k.teknisk().TillattTotalvekt() }

// TillattTilhengervekt is Kjoretoydata.TillattTilhengervekt; nil-safe.
func (k *Kjoretoy) TillattTilhengervekt() (medBrems int, medOK bool, utenBrems int, utenOK bool) {
	return k.teknisk().TillattTilhengervekt()
}

// TillattVogntogvekt is Kjoretoydata.TillattVogntogvekt; nil-safe.
func (k *Kjoretoy) TillattVogntogvekt() (int, bool) { return k.teknisk().TillattVogntogvekt() }

// EffektKW is Kjoretoydata.EffektKW; nil-safe.
func (k *Kjoretoy) EffektKW() (float64, bool) { return k.teknisk().EffektKW() }

// Sitteplasser is Kjoretoydata.Sitteplasser; nil-safe.
func (k *Kjoretoy) Sitteplasser() (int, bool) { return k.teknisk().Sitteplasser() }

// Farge is Kjoretoydata.Farge; nil-safe.
func (k *Kjoretoy) Farge() string { return k.teknisk().Farge() }

// Registreringsstatus is Kjoretoydata.Registreringsstatus; nil-safe.
func (k *Kjoretoy) Registreringsstatus() string { return k.teknisk().Registreringsstatus() }

// Registreringsbegrensninger is Kjoretoydata.Registreringsbegrensninger; nil-safe.
func (k *Kjoretoy) Registreringsbegrensninger() []KodeverkType {
	return k.teknisk().Registreringsbegrensninger()
}

// WLTPRekkeviddeKm is Kjoretoydata.WLTPRekkeviddeKm; nil-safe.
func (k *Kjoretoy) WLTPRekkeviddeKm() (int, bool) { return k.teknisk().WLTPRekkeviddeKm() }
