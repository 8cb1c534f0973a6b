package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/vegdata/go-vegdata/apiskriv"
)

// Row is one object version written by a transaksjon.
type Row struct {
	Tidspunkt        apiskriv.Tidspunkt
	Brukernavn       string
	OppdragID        int64
	TypeID           int
	ObjektID         int64
	Versjon          int
	Transaksjonstype apiskriv.Transaksjonstype
	Startdato        apiskriv.Dato
}

func rowsOf(t *apiskriv.Transaksjon, keep func(apiskriv.TransaksjonObjekt) bool) []Row {
	var out []Row
	for _, ot := range t.Objekttyper {
		for _, o := range ot.Objekter {
			if keep != nil && !keep(o) {
				continue
			}
			out = append(out, Row{Tidspunkt: t.Tidspunkt, Brukernavn: t.Brukernavn, OppdragID: t.OppdragID, TypeID: ot.TypeID,
				ObjektID: o.ObjektID, Versjon: o.Objektversjon, Transaksjonstype: o.Transaksjonstype, Startdato: o.Startdato})
		}
	}
	return out
}

// UserChanges lists every object version the user wrote since the date
// (zero for all). The transaksjon search needs an id, so it walks the
// user's oppdrag and asks for each one's transaksjoner.
func UserChanges(ctx context.Context, c *apiskriv.Client, bruker string, since time.Time) ([]Row, error) {
	var rows []Row
	for o, err := range c.Oppdrag.All(ctx, &apiskriv.OppdragQuery{Eier: bruker, FraDato: since, SorterPaa: apiskriv.SorterTid}) {
		if err != nil {
			return nil, fmt.Errorf("oppdrag of %s: %w", bruker, err)
		}
		for t, err := range c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{OppdragID: o.ID, FraDato: since}) {
			if err != nil {
				return nil, fmt.Errorf("transaksjoner of oppdrag %d: %w", o.ID, err)
			}
			rows = append(rows, rowsOf(t, nil)...)
		}
	}
	sortRows(rows)
	return rows, nil
}

// ObjectChanges lists the versions of one vegobjekt written since the date.
func ObjectChanges(ctx context.Context, c *apiskriv.Client, id int64, since time.Time) ([]Row, error) {
	var rows []Row
	for t, err := range c.Transaksjoner.All(ctx, &apiskriv.TransaksjonQuery{VegobjektID: id, FraDato: since, SorterPaa: apiskriv.SorterTid}) {
		if err != nil {
			return nil, fmt.Errorf("transaksjoner of vegobjekt %d: %w", id, err)
		}
		rows = append(rows, rowsOf(t, func(o apiskriv.TransaksjonObjekt) bool { return o.ObjektID == id })...)
	}
	sortRows(rows)
	return rows, nil
}

func sortRows(rows []Row) {
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Tidspunkt, b.Tidspunkt), cmp.Compare(a.OppdragID, b.OppdragID), cmp.Compare(a.ObjektID, b.ObjektID))
	})
}

// PrintTable writes rows as an aligned table.
func PrintTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "TIDSPUNKT\tBRUKER\tOPPDRAG\tTYPE\tVEGOBJEKT\tVERSJON\tENDRING\tSTARTDATO")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%s\t%s\n", r.Tidspunkt, r.Brukernavn, r.OppdragID, r.TypeID, r.ObjektID, r.Versjon, r.Transaksjonstype, r.Startdato)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "%d endringer\n", len(rows))
	return err
}
