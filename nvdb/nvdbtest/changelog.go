package nvdbtest

import (
	"sort"
	"time"

	"github.com/vegdata/go-vegdata/nvdb"
)

type changeKind int

const (
	opprettet changeKind = iota
	endret
	fjernet
	segmentert
)

type change struct {
	kind changeKind
	e    nvdb.VersjonEndring
}

// changeLog is the 30-day change feed of one type, sorted by (tidspunkt,
// id, versjon). Generated sets compute entries from their index.
type changeLog struct {
	n  int
	at func(j int) change
}

// window is how far back the feed reaches.
const window = 30 * 24 * time.Hour

func newChangeLog(d *dataset, now time.Time) *changeLog {
	first := now.Add(-29 * 24 * time.Hour).Truncate(time.Second)
	span := 29*24*time.Hour - time.Hour
	if d.gen != nil {
		g := d.gen
		n := g.n / 10
		if n == 0 && g.n > 0 {
			n = 1
		}
		step := span / time.Duration(max(n, 1))
		if step < time.Second {
			step = time.Second
		}
		return &changeLog{n: n, at: func(j int) change {
			i := j * 10
			if i >= g.n {
				i = g.n - 1
			}
			e := nvdb.VersjonEndring{ID: g.id(i), Versjon: 1, Type: g.typeID, Tidspunkt: first.Add(time.Duration(j) * step).Truncate(time.Second)}
			k := changeKind(j % 4)
			if k == opprettet || k == endret {
				e.Startdato = "2024-01-01"
			}
			return change{kind: k, e: e}
		}}
	}
	var list []change
	for _, r := range d.recs {
		for _, v := range r.versions {
			e := nvdb.VersjonEndring{ID: v.ID, Versjon: v.Metadata.Versjon, Type: d.typeID, Startdato: v.Metadata.Startdato, Sluttdato: v.Metadata.Sluttdato}
			list = append(list, change{kind: opprettet, e: e})
			if v.Metadata.Sluttdato != "" {
				list = append(list, change{kind: endret, e: e})
			}
		}
	}
	if len(d.recs) > 1 {
		c := d.recs[0].current()
		list = append(list, change{kind: segmentert, e: nvdb.VersjonEndring{ID: c.ID, Versjon: c.Metadata.Versjon, Type: d.typeID}})
	}
	step := span / time.Duration(max(len(list), 1))
	for j := range list {
		list[j].e.Tidspunkt = first.Add(time.Duration(j) * step).Truncate(time.Second)
	}
	sort.SliceStable(list, func(a, b int) bool { return less(list[a].e, list[b].e) })
	return &changeLog{n: len(list), at: func(j int) change { return list[j] }}
}

func less(a, b nvdb.VersjonEndring) bool {
	if !a.Tidspunkt.Equal(b.Tidspunkt) {
		return a.Tidspunkt.Before(b.Tidspunkt)
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Versjon < b.Versjon
}

// after returns the index of the first entry after key (strictly after
// when strict, else at or after its tidspunkt).
func (l *changeLog) after(t time.Time, id int64, ver int, strict bool) int {
	return sort.Search(l.n, func(j int) bool {
		e := l.at(j).e
		if !strict {
			return !e.Tidspunkt.Before(t)
		}
		return less(nvdb.VersjonEndring{Tidspunkt: t, ID: id, Versjon: ver}, e)
	})
}
