package apiskriv

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strings"

	"github.com/vegdata/go-vegdata/internal/endpoint"
)

// Every answer this package decodes is read into a document of its
// documented shape, and the document's check runs inside the call (the
// Check of its declaration): a 2xx that is not that shape (a proxy's HTML
// page, another service's XML, {} or [] in JSON) is an ErrInvalidResponse
// with the answer's status and request id, never an empty success.
//
//   - XML: the root element is the documented one (encoding/xml refuses
//     another local name through the document's XMLName tag), in the
//     documented namespace or in none (checkRoot refuses a foreign one).
//   - JSON (undocumented; the element names as keys): the members the XML
//     form always carries are there: a list's antallTotalt, an object's id.
//   - Lists: see listOf.

// checkRoot refuses an XML root element in a namespace other than ns. A
// JSON answer has no root element (root.Local is empty).
func checkRoot(root xml.Name, ns string) error {
	if root.Local != "" && root.Space != "" && root.Space != ns {
		return fmt.Errorf("root element <%s> is in namespace %q, not %q", root.Local, root.Space, ns)
	}
	return nil
}

// oppdragAnswer is GET rest/v1/oppdrag/{id}: <oppdrag id="…"> in
// NamespaceTask.
type oppdragAnswer struct {
	XMLName xml.Name `xml:"oppdrag" json:"-"`
	Oppdrag
}

func (a *oppdragAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceTask); err != nil {
		return err
	}
	return checkOppdrag(&a.Oppdrag)
}

func (a *oppdragAnswer) value() *Oppdrag { return &a.Oppdrag }

func checkOppdrag(o *Oppdrag) error {
	if o.ID <= 0 {
		return errors.New("the oppdrag has no id")
	}
	return nil
}

// oppdragListe is GET rest/v1/oppdrag: <oppdragliste antallTotalt>.
type oppdragListe struct {
	XMLName xml.Name `xml:"oppdragliste" json:"-"`
	listHead
	Items []*Oppdrag `xml:"oppdrag" json:"oppdrag"`
}

func (d *oppdragListe) parts() (xml.Name, *int, []*Oppdrag) {
	return d.XMLName, d.AntallTotalt, d.Items
}

// transaksjonListe is GET rest/v1/transaksjon: <transaksjoner
// antallTotalt> in NamespaceTransaction.
type transaksjonListe struct {
	XMLName xml.Name `xml:"transaksjoner" json:"-"`
	listHead
	Items []*Transaksjon `xml:"transaksjon" json:"transaksjon"`
}

func (d *transaksjonListe) parts() (xml.Name, *int, []*Transaksjon) {
	return d.XMLName, d.AntallTotalt, d.Items
}

func checkTransaksjon(t *Transaksjon) error {
	if t.OppdragID <= 0 {
		return errors.New("the transaksjon has no oppdragId")
	}
	return nil
}

// laasAnswer is GET rest/v1/lås/{id} and the answer to POST rest/v1/lås:
// <lås id="…"> in NamespaceLock.
type laasAnswer struct {
	XMLName xml.Name `xml:"lås" json:"-"`
	Laas
}

func (a *laasAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceLock); err != nil {
		return err
	}
	return checkLaas(&a.Laas)
}

func (a *laasAnswer) value() *Laas { return &a.Laas }

func checkLaas(l *Laas) error {
	if l.ID <= 0 {
		return errors.New("the lock has no id")
	}
	return nil
}

// laasListe is GET rest/v1/lås: <låsliste antallTotalt>.
type laasListe struct {
	XMLName xml.Name `xml:"låsliste" json:"-"`
	listHead
	Items []*Laas `xml:"lås" json:"lås"`
}

func (d *laasListe) parts() (xml.Name, *int, []*Laas) { return d.XMLName, d.AntallTotalt, d.Items }

// endringssettAnswer is an endringssett document (GET
// rest/v3/endringssett/{id}, the konverter answers): <endringssett> in
// NamespaceChangeset. datakatalogversjon is required in every one.
type endringssettAnswer struct {
	XMLName xml.Name `xml:"endringssett" json:"-"`
	Endringssett
}

func (a *endringssettAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if strings.TrimSpace(a.Datakatalogversjon) == "" {
		return errors.New("the endringssett has no datakatalogversjon")
	}
	return nil
}

func (a *endringssettAnswer) value() *Endringssett { return &a.Endringssett }

// endringssettStatusAnswer is GET rest/v3/endringssett/{id}: the set is
// answered with its status (fremdrift and all), whatever the StatusQuery
// leaves out of it.
type endringssettStatusAnswer endringssettAnswer

func (a *endringssettStatusAnswer) check() error {
	if err := (*endringssettAnswer)(a).check(); err != nil {
		return err
	}
	if a.Status == nil || a.Status.Fremdrift == "" {
		return errors.New("the endringssett has no status")
	}
	return nil
}

func (a *endringssettStatusAnswer) value() *Endringssett { return &a.Endringssett }

// endringssettListe is GET rest/v3/endringssett: <endringssettliste
// antallTotalt><endringssett id="…">.
type endringssettListe struct {
	XMLName xml.Name `xml:"endringssettliste" json:"-"`
	listHead
	Items []*Endringssett `xml:"endringssett" json:"endringssett"`
}

func (d *endringssettListe) parts() (xml.Name, *int, []*Endringssett) {
	return d.XMLName, d.AntallTotalt, d.Items
}

func checkListedEndringssett(e *Endringssett) error {
	if strings.TrimSpace(e.ID) == "" {
		return errors.New("the endringssett has no id")
	}
	return nil
}

// statusAnswer is …/{id}/status and the validator's answer: <status> in
// NamespaceChangeset, always with a fremdrift.
type statusAnswer struct {
	XMLName xml.Name `xml:"status" json:"-"`
	Status
}

func (a *statusAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if !fremdriftRE.MatchString(string(a.Fremdrift)) {
		return fmt.Errorf("the status has no fremdrift")
	}
	return nil
}

func (a *statusAnswer) value() *Status { return &a.Status }

// fremdriftRE is the form of a fremdrift: the documented values and any
// new one a newer server may send are upper-case words joined by _.
var fremdriftRE = regexp.MustCompile(`^[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*$`)

// fremdriftAnswer is …/{id}/fremdrift: <fremdrift>BEHANDLES</fremdrift> in
// NamespaceChangeset, or a JSON string.
type fremdriftAnswer struct {
	XMLName xml.Name `xml:"fremdrift" json:"-"`
	Value   string   `xml:",chardata"`
	f       Fremdrift
}

func (a *fremdriftAnswer) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &a.Value) }

func (a *fremdriftAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceChangeset); err != nil {
		return err
	}
	if !fremdriftRE.MatchString(strings.TrimSpace(a.Value)) {
		return fmt.Errorf("the answer (%d bytes) is not a fremdrift", len(a.Value))
	}
	return nil
}

func (a *fremdriftAnswer) value() *Fremdrift {
	a.f = Fremdrift(strings.TrimSpace(a.Value))
	return &a.f
}

// ressurserAnswer is the answer of start, kanseller and restart:
// <ressurser><ressurs rel src/>… in NamespaceChangeset, or a JSON array of
// {"rel","src"}: the set's links (status, fremdrift, self), at least one.
type ressurserAnswer struct {
	XMLName xml.Name  `xml:"ressurser" json:"-"`
	Ressurs []Ressurs `xml:"ressurs"`
}

func (a *ressurserAnswer) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &a.Ressurs) }

func (a *ressurserAnswer) checkLinks() error {
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

func (a *ressurserAnswer) check() error {
	if err := a.checkLinks(); err != nil {
		return err
	}
	if len(a.Ressurs) == 0 {
		return errors.New("the answer names no links (ressurser)")
	}
	return nil
}

func (a *ressurserAnswer) value() *Ressurser {
	r := Ressurser(a.Ressurs)
	return &r
}

// registreringAnswer is the 201 of POST rest/v3/endringssett: the set's
// links (perhaps none) and its Location, from which the set's id is read:
// the self link's last segment, else Location's.
type registreringAnswer struct {
	links ressurserAnswer
	r     Registrering
}

// decodeRegistrering reads the links of the body and the Location header.
func decodeRegistrering(resp *endpoint.Response, a *registreringAnswer) error {
	if err := endpoint.DecodeBody(resp.Body, &a.links); err != nil {
		return err
	}
	a.r = Registrering{Ressurser: a.links.Ressurs, Location: resp.Header.Get("Location")}
	src, ok := a.r.Ressurser.Src("self")
	if !ok {
		src = a.r.Location
	}
	a.r.ID = path.Base(src)
	return nil
}

func (a *registreringAnswer) check() error {
	if err := a.links.checkLinks(); err != nil {
		return err
	}
	if !uuidRE.MatchString(a.r.ID) {
		return fmt.Errorf("the answer names no endringssett id (no self link, Location %q)", a.r.Location)
	}
	return nil
}

func (a *registreringAnswer) value() *Registrering { return &a.r }

// autorisasjonAnswer is GET rest/v1/autorisasjon/{brukernavn}:
// <autorisasjon> in NamespaceAuthorization, always with <hva>.
type autorisasjonAnswer struct {
	XMLName                        xml.Name          `xml:"autorisasjon" json:"-"`
	Hva                            *AutorisasjonHva  `xml:"hva" json:"hva"`
	Hvor                           *AutorisasjonHvor `xml:"hvor" json:"hvor"`
	KanDeaktivereValideringsregler JaNei             `xml:"kanDeaktivereValideringsregler" json:"kanDeaktivereValideringsregler"`
}

func (a *autorisasjonAnswer) check() error {
	if err := checkRoot(a.XMLName, NamespaceAuthorization); err != nil {
		return err
	}
	if a.Hva == nil {
		return errors.New("the autorisasjon has no hva")
	}
	return nil
}

func (a *autorisasjonAnswer) value() *Autorisasjon {
	v := &Autorisasjon{KanDeaktivereValideringsregler: a.KanDeaktivereValideringsregler}
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

func (a *stedfestingResultatAnswer) check() error {
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

func (a *stedfestingResultatAnswer) value() *StedfestingResultat { return &a.StedfestingResultat }

// binaerID is the answer to POST rest/v3/binaer: the new object's UUID as
// a JSON string.
type binaerID string

func (a *binaerID) check() error {
	if !uuidRE.MatchString(string(*a)) {
		return errors.New("the answer to a binary upload is not a UUID")
	}
	return nil
}

func (a *binaerID) value() *string { return (*string)(a) }

// rawAnswer is a body kept as received (at most the client's limit for
// answers read whole).
type rawAnswer struct {
	contentType string
	body        []byte
}

func readRaw(resp *endpoint.Response, a *rawAnswer) error {
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	*a = rawAnswer{contentType: resp.Header.Get("Content-Type"), body: b}
	return nil
}

// fremdriftOgAarsakAnswer is the text/plain answer of …/fremdriftOgÅrsak:
// FREMDRIFT or FREMDRIFT:ÅRSAK, perhaps in quotes.
type fremdriftOgAarsakAnswer struct {
	rawAnswer
	v FremdriftOgAarsak
}

var fremdriftOgAarsakRE = regexp.MustCompile(`^"?[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*(:[A-ZÆØÅ]+(_[A-ZÆØÅ]+)*)?"?$`)

func (a *fremdriftOgAarsakAnswer) check() error {
	if !fremdriftOgAarsakRE.Match(bytes.TrimSpace(a.body)) {
		return fmt.Errorf("the answer (%d bytes) is not a fremdrift with its årsak", len(a.body))
	}
	return nil
}

func (a *fremdriftOgAarsakAnswer) value() *FremdriftOgAarsak {
	a.v = parseFremdriftOgAarsak(string(a.body))
	return &a.v
}

// checkDocument checks a document kept as received (a rule set, a followed
// link): in XML its root element is root (any but <html> when root is
// ""); in JSON it is an object with members, or (root "") an array that
// is not empty.
func checkDocument(raw *rawAnswer, root string) error {
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
				switch {
				case root == "" && strings.EqualFold(se.Name.Local, "html"):
					return errors.New("the answer is an HTML page, not a document")
				case root != "" && se.Name.Local != root:
					return fmt.Errorf("expected element type <%s> but have <%s>", root, se.Name.Local)
				}
				return nil
			}
		}
	}
	if root == "" && bytes.HasPrefix(b, []byte("[")) {
		var items []json.RawMessage
		if err := json.Unmarshal(b, &items); err != nil {
			return fmt.Errorf("the document is neither XML nor JSON: %w", err)
		}
		if len(items) == 0 {
			return errors.New("the JSON document is an empty array")
		}
		return nil
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
