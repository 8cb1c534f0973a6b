package apiskriv

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// PollIntervals are the waits between progress polls in Wait. The defaults
// follow the API's recommendations: at least 1 s while BEHANDLES, growing
// gradually; 1 s in VENTER if the set never reached BEHANDLES, else at
// least a minute; at least a minute in UTFØRT when waiting for API Les.
type PollIntervals struct {
	Behandles            time.Duration // first wait while BEHANDLES
	BehandlesMax         time.Duration // the wait grows by half each poll up to this
	Venter               time.Duration // VENTER before BEHANDLES was seen
	VenterEtterBehandles time.Duration // VENTER after BEHANDLES was seen
	Utfort               time.Duration // UTFØRT, when waiting for API Les
}

// DefaultPollIntervals returns the documented intervals.
func DefaultPollIntervals() PollIntervals {
	return PollIntervals{Behandles: time.Second, BehandlesMax: 15 * time.Second, Venter: time.Second,
		VenterEtterBehandles: time.Minute, Utfort: time.Minute}
}

func (p PollIntervals) withDefaults() PollIntervals {
	d := DefaultPollIntervals()
	if p.Behandles == 0 {
		p.Behandles = d.Behandles
	}
	if p.BehandlesMax == 0 {
		p.BehandlesMax = max(d.BehandlesMax, p.Behandles)
	}
	if p.BehandlesMax < p.Behandles {
		p.BehandlesMax = p.Behandles
	}
	if p.Venter == 0 {
		p.Venter = d.Venter
	}
	if p.VenterEtterBehandles == 0 {
		p.VenterEtterBehandles = d.VenterEtterBehandles
	}
	if p.Utfort == 0 {
		p.Utfort = d.Utfort
	}
	return p
}

// ErrNotStarted is returned by Wait for a set that was registered but not
// started: it will not progress by itself.
var ErrNotStarted = errors.New("apiskriv: endringssett is not started (IKKE_STARTET)")

// WaitOption tunes Wait.
type WaitOption func(*waitOptions)

type waitOptions struct {
	ventPaaLes  bool
	onFremdrift func(Fremdrift)
}

// VentPaaLes keeps Wait going after UTFØRT until UTFØRT_OG_ETTERBEHANDLET,
// when the change is visible in API Les. Without it UTFØRT ends the wait.
func VentPaaLes() WaitOption { return func(o *waitOptions) { o.ventPaaLes = true } }

// OnFremdrift makes Wait call fn with each polled state.
func OnFremdrift(fn func(Fremdrift)) WaitOption {
	return func(o *waitOptions) { o.onFremdrift = fn }
}

// Wait's polls of fremdrift and its reading of the status at the end are
// named after the method called.
var (
	waitFremdrift = opOf[Fremdrift, fremdriftAnswer](get("Endringssett.Wait"))
	waitStatus    = opOf[Status, statusAnswer](get("Endringssett.Wait"))
)

// Wait polls the progress of a started set until it reaches a final state
// (AVVIST, KANSELLERT, UTFØRT_OG_ETTERBEHANDLET, or UTFØRT unless
// VentPaaLes), then returns its Status with the result. A rejected or
// cancelled set is not an error: inspect Status.Fremdrift and Resultat.
// Wait returns early with ctx's error when ctx is done, and ErrNotStarted
// for a set in IKKE_STARTET.
func (s *EndringssettService) Wait(ctx context.Context, id string, opts ...WaitOption) (*Status, error) {
	if _, err := idPath(id); err != nil {
		return nil, err
	}
	var o waitOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&o)
		}
	}
	p := poller{iv: s.svc().pollIntervals(), ventPaaLes: o.ventPaaLes}
	for {
		f, err := waitFremdrift.Do(ctx, s.svc(), setRequest(id, nil, "fremdrift"))
		if err != nil {
			return nil, err
		}
		if o.onFremdrift != nil {
			o.onFremdrift(*f)
		}
		wait, done := p.next(*f)
		if done {
			if *f == FremdriftIkkeStartet {
				return nil, fmt.Errorf("%w: %s", ErrNotStarted, id)
			}
			return waitStatus.Do(ctx, s.svc(), statusRequest(id, nil, "status"))
		}
		if err := sleep(ctx, wait); err != nil {
			return nil, err
		}
	}
}

// poller decides, from each polled state, how long to wait before the next
// poll, or that polling is over.
type poller struct {
	iv            PollIntervals
	ventPaaLes    bool
	behandles     time.Duration // current BEHANDLES interval; grows
	seenBehandles bool
}

func (p *poller) next(f Fremdrift) (time.Duration, bool) {
	switch {
	case f.Terminal(), f == FremdriftUtfort && !p.ventPaaLes, f == FremdriftIkkeStartet:
		return 0, true
	case f == FremdriftBehandles:
		if p.behandles == 0 {
			p.behandles = p.iv.Behandles
		}
		p.seenBehandles = true
		w := p.behandles
		p.behandles = min(p.behandles+p.behandles/2, p.iv.BehandlesMax)
		return w, false
	case f == FremdriftVenter && !p.seenBehandles:
		return p.iv.Venter, false
	case f == FremdriftVenter:
		return p.iv.VenterEtterBehandles, false
	case f == FremdriftUtfort:
		return p.iv.Utfort, false
	}
	// An unknown state from a newer server: poll slowly.
	return p.iv.BehandlesMax, false
}
