package uberiket

import (
	"encoding/json"
	"fmt"
)

// SideMetadata is the metadata of one page of a listing as NVDB sends it.
type SideMetadata struct {
	// Returnert is the number of items in the page.
	Returnert int `json:"returnert"`
	// Sidestorrelse is the most items a page holds.
	Sidestorrelse int `json:"sidestorrelse"`
	// Neste points to the following page; nil on the last page.
	Neste *NesteSide `json:"neste,omitempty"`
}

// NesteSide is the cursor of the following page (Start, the value of the
// start parameter) and its whole URL.
type NesteSide struct {
	Start string `json:"start"`
	Href  string `json:"href"`
}

// UnmarshalJSON requires returnert and sidestorrelse.
func (m *SideMetadata) UnmarshalJSON(b []byte) error {
	type plain SideMetadata
	return decodeStrict(b, "SideMetadata", (*plain)(m), "returnert", "sidestorrelse")
}

// UnmarshalJSON requires start and href.
func (n *NesteSide) UnmarshalJSON(b []byte) error {
	type plain NesteSide
	return decodeStrict(b, "NesteSide", (*plain)(n), "start", "href")
}

func (m *SideMetadata) check() error {
	switch {
	case m == nil:
		return missing("side", "metadata")
	case m.Neste != nil && m.Neste.Start == "":
		return invalidf("side", "neste without start")
	}
	return nil
}

// The pages as NVDB sends them. The public page type is the endpoint
// kernel's Page[T]; these envelopes are only decoded, and checked: a page
// without its list or metadata is not a page.

type vegobjekterSide struct {
	Vegobjekter []*Vegobjekt  `json:"vegobjekter"`
	Metadata    *SideMetadata `json:"metadata"`
}

type veglenkesekvenserSide struct {
	Veglenkesekvenser []*Veglenkesekvens `json:"veglenkesekvenser"`
	Metadata          *SideMetadata      `json:"metadata"`
}

type noderSide struct {
	Noder    []*Node       `json:"noder"`
	Metadata *SideMetadata `json:"metadata"`
}

type vegobjektHendelserSide struct {
	Hendelser []*VegobjektHendelse `json:"hendelser"`
	Metadata  *SideMetadata        `json:"metadata"`
}

type vegnettHendelserSide struct {
	Hendelser []*VegnettHendelse `json:"hendelser"`
	Metadata  *SideMetadata      `json:"metadata"`
}

type endringssettHendelserSide struct {
	VegobjektHendelser []*VegobjektHendelse `json:"vegobjektHendelser"`
	VegnettHendelser   []*VegnettHendelse   `json:"vegnettHendelser"`
	Metadata           *SideMetadata        `json:"metadata"`
}

// checkItems checks every item of a page, naming the first bad one.
func checkItems[T interface{ check() error }](list string, items []T) error {
	for i, it := range items {
		if err := it.check(); err != nil {
			return fmt.Errorf("%s[%d]: %w", list, i, err)
		}
	}
	return nil
}

func (s *vegobjekterSide) check() error {
	if s.Vegobjekter == nil {
		return missing("VegobjekterSide", "vegobjekter")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	return checkItems("vegobjekter", s.Vegobjekter)
}

func (s *veglenkesekvenserSide) check() error {
	if s.Veglenkesekvenser == nil {
		return missing("VeglenkesekvenserSide", "veglenkesekvenser")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	return checkItems("veglenkesekvenser", s.Veglenkesekvenser)
}

func (s *noderSide) check() error {
	if s.Noder == nil {
		return missing("NoderSide", "noder")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	return checkItems("noder", s.Noder)
}

func (s *vegobjektHendelserSide) check() error {
	if s.Hendelser == nil {
		return missing("VegobjektHendelserSide", "hendelser")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	return checkItems("hendelser", s.Hendelser)
}

func (s *vegnettHendelserSide) check() error {
	if s.Hendelser == nil {
		return missing("VegnettHendelserSide", "hendelser")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	return checkItems("hendelser", s.Hendelser)
}

func (s *endringssettHendelserSide) check() error {
	if s.VegobjektHendelser == nil || s.VegnettHendelser == nil {
		return missing("EndringssettHendelserSide", "vegobjektHendelser", "vegnettHendelser")
	}
	if err := s.Metadata.check(); err != nil {
		return err
	}
	if err := checkItems("vegobjektHendelser", s.VegobjektHendelser); err != nil {
		return err
	}
	return checkItems("vegnettHendelser", s.VegnettHendelser)
}

// decodeLine decodes one NDJSON line of a stream into a new T and checks
// it; a line that does not decode or check is an error, never skipped.
func decodeLine[T any, P interface {
	*T
	check() error
}](line []byte) (*T, error) {
	v := P(new(T))
	if err := json.Unmarshal(line, v); err != nil {
		return nil, err
	}
	if err := v.check(); err != nil {
		return nil, err
	}
	return (*T)(v), nil
}
