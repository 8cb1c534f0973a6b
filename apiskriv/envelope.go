package apiskriv

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// Every answer this package decodes is read into an envelope of its
// documented shape, and the envelope's check runs inside the call
// (transport.Request.Check, see Client.do): a 200 that is not that shape
// (a proxy's HTML page, another service's XML, {} or [] in JSON) is an
// ErrInvalidResponse with the answer's status and request id, never an
// empty success.
//
//   - XML: the root element is the documented one (encoding/xml refuses
//     another local name through the envelope's XMLName tag), in the
//     documented namespace or in none (the check refuses a foreign one).
//   - JSON (undocumented; the element names as keys): the members the XML
//     form always carries are there: a list's antallTotalt, an object's id.
//   - A page that holds no items where antallTotalt says items from its
//     start exist is refused, so an iterator never ends early in silence.
//
// envelopeFor maps each answer type to its envelope, so a call that
// decodes into one of them, Follow included, is checked by construction.

// envelope is what a call decodes into in place of the caller's value, and
// the check that validates it and then copies it into the caller's value.
type envelope struct {
	target any
	check  func() error
}

// answer is the documented shape of one answer of type T: check validates
// it (start is the first index asked for, for lists), value converts it.
type answer[T any] interface {
	check(start int) error
	value() T
}

func wrap[T, A any, PA interface {
	*A
	answer[T]
}](v *T, start int) envelope {
	a := PA(new(A))
	return envelope{target: a, check: func() error {
		if err := a.check(start); err != nil {
			return err
		}
		*v = a.value()
		return nil
	}}
}

// envelopeFor returns the envelope for a caller's value of one of the
// package's answer types; false for any other type, which is decoded as it
// is.
func envelopeFor(out any, start int) (envelope, bool) {
	switch v := out.(type) {
	case *Oppdrag:
		return wrap[Oppdrag, oppdragAnswer](v, start), true
	case *OppdragListe:
		return wrap[OppdragListe, oppdragListeAnswer](v, start), true
	case *TransaksjonListe:
		return wrap[TransaksjonListe, transaksjonListeAnswer](v, start), true
	case *Laas:
		return wrap[Laas, laasAnswer](v, start), true
	case *LaasListe:
		return wrap[LaasListe, laasListeAnswer](v, start), true
	case *Endringssett:
		return wrap[Endringssett, endringssettAnswer](v, start), true
	case *EndringssettListe:
		return wrap[EndringssettListe, endringssettListeAnswer](v, start), true
	case *Status:
		return wrap[Status, statusAnswer](v, start), true
	case *Fremdrift:
		return wrap[Fremdrift, fremdriftAnswer](v, start), true
	case *Ressurser:
		return wrap[Ressurser, ressurserAnswer](v, start), true
	case *Autorisasjon:
		return wrap[Autorisasjon, autorisasjonAnswer](v, start), true
	case *StedfestingResultat:
		return wrap[StedfestingResultat, stedfestingResultatAnswer](v, start), true
	}
	return envelope{}, false
}

// checkRoot refuses an XML root element in a namespace other than ns. A
// JSON answer has no root element (root.Local is empty).
func checkRoot(root xml.Name, ns string) error {
	if root.Local != "" && root.Space != "" && root.Space != ns {
		return fmt.Errorf("root element <%s> is in namespace %q, not %q", root.Local, root.Space, ns)
	}
	return nil
}

// listHead is what every list answer carries besides its items: the total
// of the search. It is a pointer so that an answer without it ({} or a
// foreign document) is told from an empty list.
type listHead struct {
	AntallTotalt *int `xml:"antallTotalt,attr" json:"antallTotalt"`
}

// checkPage checks a list answer holding n items from start (1-based).
func (h listHead) checkPage(root xml.Name, ns string, start, n int) error {
	if err := checkRoot(root, ns); err != nil {
		return err
	}
	if h.AntallTotalt == nil {
		return errors.New("the list answer has no antallTotalt")
	}
	total := *h.AntallTotalt
	if total < 0 {
		return fmt.Errorf("antallTotalt is negative (%d)", total)
	}
	if start = max(start, 1); n == 0 && start <= total {
		return fmt.Errorf("the page from start %d holds no items, though antallTotalt is %d", start, total)
	}
	return nil
}

func (h listHead) total() int {
	if h.AntallTotalt == nil {
		return 0
	}
	return *h.AntallTotalt
}

// oppdragAnswer is GET rest/v1/oppdrag/{id}: <oppdrag id="…"> in
// NamespaceTask.
type oppdragAnswer struct {
	XMLName xml.Name `xml:"oppdrag" json:"-"`
	Oppdrag
}

func (a *oppdragAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceTask); err != nil {
		return err
	}
	if a.ID <= 0 {
		return errors.New("the oppdrag has no id")
	}
	return nil
}

func (a *oppdragAnswer) value() Oppdrag { return a.Oppdrag }

// oppdragListeAnswer is GET rest/v1/oppdrag: <oppdragliste antallTotalt>.
type oppdragListeAnswer struct {
	XMLName xml.Name `xml:"oppdragliste" json:"-"`
	listHead
	Oppdrag []Oppdrag `xml:"oppdrag" json:"oppdrag"`
}

func (a *oppdragListeAnswer) check(start int) error {
	if err := a.checkPage(a.XMLName, NamespaceTask, start, len(a.Oppdrag)); err != nil {
		return err
	}
	for i := range a.Oppdrag {
		if a.Oppdrag[i].ID <= 0 {
			return fmt.Errorf("oppdrag %d of the page has no id", i+1)
		}
	}
	return nil
}

func (a *oppdragListeAnswer) value() OppdragListe {
	return OppdragListe{AntallTotalt: a.total(), Oppdrag: a.Oppdrag}
}

// transaksjonListeAnswer is GET rest/v1/transaksjon: <transaksjoner
// antallTotalt> in NamespaceTransaction.
type transaksjonListeAnswer struct {
	XMLName xml.Name `xml:"transaksjoner" json:"-"`
	listHead
	Transaksjoner []Transaksjon `xml:"transaksjon" json:"transaksjon"`
}

func (a *transaksjonListeAnswer) check(start int) error {
	if err := a.checkPage(a.XMLName, NamespaceTransaction, start, len(a.Transaksjoner)); err != nil {
		return err
	}
	for i := range a.Transaksjoner {
		if a.Transaksjoner[i].OppdragID <= 0 {
			return fmt.Errorf("transaksjon %d of the page has no oppdragId", i+1)
		}
	}
	return nil
}

func (a *transaksjonListeAnswer) value() TransaksjonListe {
	return TransaksjonListe{AntallTotalt: a.total(), Transaksjoner: a.Transaksjoner}
}

// laasAnswer is GET rest/v1/lås/{id} and the answer to POST rest/v1/lås:
// <lås id="…"> in NamespaceLock.
type laasAnswer struct {
	XMLName xml.Name `xml:"lås" json:"-"`
	Laas
}

func (a *laasAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceLock); err != nil {
		return err
	}
	if a.ID <= 0 {
		return errors.New("the lock has no id")
	}
	return nil
}

func (a *laasAnswer) value() Laas { return a.Laas }

// laasListeAnswer is GET rest/v1/lås: <låsliste antallTotalt>.
type laasListeAnswer struct {
	XMLName xml.Name `xml:"låsliste" json:"-"`
	listHead
	Laaser []Laas `xml:"lås" json:"lås"`
}

func (a *laasListeAnswer) check(start int) error {
	if err := a.checkPage(a.XMLName, NamespaceLock, start, len(a.Laaser)); err != nil {
		return err
	}
	for i := range a.Laaser {
		if a.Laaser[i].ID <= 0 {
			return fmt.Errorf("lock %d of the page has no id", i+1)
		}
	}
	return nil
}

func (a *laasListeAnswer) value() LaasListe {
	return LaasListe{AntallTotalt: a.total(), Laaser: a.Laaser}
}

// endringssettAnswer is an endringssett document (GET
// rest/v3/endringssett/{id}, the konverter answers): <endringssett> in
// NamespaceChangeset. datakatalogversjon is required in every one.
type endringssettAnswer struct {
	XMLName xml.Name `xml:"endringssett" json:"-"`
	Endringssett
}

func (a *endringssettAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if strings.TrimSpace(a.Datakatalogversjon) == "" {
		return errors.New("the endringssett has no datakatalogversjon")
	}
	return nil
}

func (a *endringssettAnswer) value() Endringssett { return a.Endringssett }

// endringssettListeAnswer is GET rest/v3/endringssett: <endringssettliste
// antallTotalt><endringssett id="…">.
type endringssettListeAnswer struct {
	XMLName xml.Name `xml:"endringssettliste" json:"-"`
	listHead
	Endringssett []Endringssett `xml:"endringssett" json:"endringssett"`
}

func (a *endringssettListeAnswer) check(start int) error {
	if err := a.checkPage(a.XMLName, NamespaceChangeset, start, len(a.Endringssett)); err != nil {
		return err
	}
	for i := range a.Endringssett {
		if strings.TrimSpace(a.Endringssett[i].ID) == "" {
			return fmt.Errorf("endringssett %d of the page has no id", i+1)
		}
	}
	return nil
}

func (a *endringssettListeAnswer) value() EndringssettListe {
	return EndringssettListe{AntallTotalt: a.total(), Endringssett: a.Endringssett}
}

// statusAnswer is …/{id}/status and the validator's answer: <status> in
// NamespaceChangeset, always with a fremdrift.
type statusAnswer struct {
	XMLName xml.Name `xml:"status" json:"-"`
	Status
}

func (a *statusAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if !fremdriftRE.MatchString(string(a.Fremdrift)) {
		return fmt.Errorf("the status has no fremdrift")
	}
	return nil
}

func (a *statusAnswer) value() Status { return a.Status }

// fremdriftRE is the form of a fremdrift: the documented values and any
// new one a newer server may send are upper-case words joined by _.
var fremdriftRE = regexp.MustCompile(`^[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*$`)

// fremdriftAnswer is …/{id}/fremdrift: <fremdrift>BEHANDLES</fremdrift> in
// NamespaceChangeset, or a JSON string.
type fremdriftAnswer struct {
	XMLName xml.Name `xml:"fremdrift" json:"-"`
	Value   string   `xml:",chardata"`
}

func (a *fremdriftAnswer) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &a.Value) }

func (a *fremdriftAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if !fremdriftRE.MatchString(strings.TrimSpace(a.Value)) {
		return fmt.Errorf("the answer (%d bytes) is not a fremdrift", len(a.Value))
	}
	return nil
}

func (a *fremdriftAnswer) value() Fremdrift { return Fremdrift(strings.TrimSpace(a.Value)) }

// ressurserAnswer is the answer of register, start, kanseller and restart:
// <ressurser><ressurs rel src/>… in NamespaceChangeset, or a JSON array of
// {"rel","src"}. Register finds the set's id in its links or in Location;
// start, kanseller and restart ask for at least one link.
type ressurserAnswer struct {
	XMLName xml.Name  `xml:"ressurser" json:"-"`
	Ressurs []Ressurs `xml:"ressurs"`
}

func (a *ressurserAnswer) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &a.Ressurs) }

func (a *ressurserAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	for i, l := range a.Ressurs {
		if l.Rel == "" || l.Src == "" {
			return fmt.Errorf("link %d has no rel or no src", i+1)
		}
	}
	return nil
}

func (a *ressurserAnswer) value() Ressurser { return Ressurser(a.Ressurs) }

// autorisasjonAnswer is GET rest/v1/autorisasjon/{brukernavn}:
// <autorisasjon> in NamespaceAuthorization, always with <hva>.
type autorisasjonAnswer struct {
	XMLName                        xml.Name          `xml:"autorisasjon" json:"-"`
	Hva                            *AutorisasjonHva  `xml:"hva" json:"hva"`
	Hvor                           *AutorisasjonHvor `xml:"hvor" json:"hvor"`
	KanDeaktivereValideringsregler JaNei             `xml:"kanDeaktivereValideringsregler" json:"kanDeaktivereValideringsregler"`
}

func (a *autorisasjonAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceAuthorization); err != nil {
		return err
	}
	if a.Hva == nil {
		return errors.New("the autorisasjon has no hva")
	}
	return nil
}

func (a *autorisasjonAnswer) value() Autorisasjon {
	v := Autorisasjon{KanDeaktivereValideringsregler: a.KanDeaktivereValideringsregler}
	if a.Hva != nil {
		v.Hva = *a.Hva
	}
	if a.Hvor != nil {
		v.Hvor = *a.Hvor
	}
	return v
}

// stedfestingResultatAnswer is POST rest/v3/stedfest: <stedfestingResultat>
// in NamespaceChangeset, one <vegobjekt tempId> per object asked about.
type stedfestingResultatAnswer struct {
	XMLName xml.Name `xml:"stedfestingResultat" json:"-"`
	StedfestingResultat
}

func (a *stedfestingResultatAnswer) check(int) error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if len(a.Vegobjekter) == 0 {
		return errors.New("the stedfesting result names no vegobjekt")
	}
	for i, v := range a.Vegobjekter {
		if v.TempID == "" && v.NvdbID <= 0 {
			return fmt.Errorf("vegobjekt %d of the result has no tempId or nvdbId", i+1)
		}
	}
	return nil
}

func (a *stedfestingResultatAnswer) value() StedfestingResultat { return a.StedfestingResultat }

// fremdriftOgAarsakRE is the text/plain answer of …/fremdriftOgÅrsak:
// FREMDRIFT or FREMDRIFT:ÅRSAK, perhaps in quotes.
var fremdriftOgAarsakRE = regexp.MustCompile(`^"?[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*(:[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*)?"?$`)

func checkFremdriftOgAarsak(raw *rawAnswer) func() error {
	return func() error {
		if !fremdriftOgAarsakRE.Match(bytes.TrimSpace(raw.body)) {
			return fmt.Errorf("the answer (%d bytes) is not a fremdrift with its årsak", len(raw.body))
		}
		return nil
	}
}

// checkDocument checks a document kept as received (a rule set): in XML
// its root element is root; in JSON it is an object with members.
func checkDocument(raw *rawAnswer, root string) func() error {
	return func() error {
		b := bytes.TrimSpace(raw.body)
		if bytes.HasPrefix(b, []byte("<")) {
			dec := xml.NewDecoder(bytes.NewReader(b))
			for {
				tok, err := dec.Token()
				if err == io.EOF {
					return errors.New("the XML document has no root element")
				}
				if err != nil {
					return err
				}
				if se, ok := tok.(xml.StartElement); ok {
					if se.Name.Local != root {
						return fmt.Errorf("expected element type <%s> but have <%s>", root, se.Name.Local)
					}
					return nil
				}
			}
		}
		var members map[string]json.RawMessage
		if err := json.Unmarshal(b, &members); err != nil {
			return fmt.Errorf("the document is neither XML nor a JSON object: %w", err)
		}
		if len(members) == 0 {
			return errors.New("the JSON document is empty")
		}
		return nil
	}
}
