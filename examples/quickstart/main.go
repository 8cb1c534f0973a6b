// Command quickstart runs one task against each API go-vegdata speaks.
// Without keys in the environment it runs offline against the bundled fake
// servers.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Fprintln(os.Stdout, "go-vegdata quickstart")
	fmt.Fprintln(os.Stdout, "The autosys, nvdb, apiskriv and synsbasen packages are being built; this program will run one task against each.")
}
