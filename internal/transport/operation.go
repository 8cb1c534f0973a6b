package transport

import (
	"runtime"
	"strings"
	"unicode"
)

const modulePrefix = "github.com/vegdata/go-vegdata/"

// callerOperation names the SDK method that made a call, for a Request
// without Operation: the first exported method or function of a public
// package up the stack ("Vegobjekter.Get", "LookupKjennemerke",
// "Vehicles.SearchAll"), so logs and traces name every call the same way
// without each call site spelling it out.
func callerOperation() string {
	var pcs [16]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	for {
		f, more := frames.Next()
		if op, ok := operationOf(f.Function); ok {
			return op
		}
		if !more {
			return ""
		}
	}
}

// operationOf turns "github.com/vegdata/go-vegdata/nvdb.(*VegobjekterService).All.func1"
// into "Vegobjekter.All"; it reports false for frames that are not an
// exported method or function of a public package of the module.
func operationOf(fn string) (string, bool) {
	rest, ok := strings.CutPrefix(fn, modulePrefix)
	if !ok || strings.HasPrefix(rest, "internal/") {
		return "", false
	}
	// Drop the package path: what follows its last '/' is "pkg.rest".
	if i := strings.LastIndex(rest, "/"); i >= 0 {
		rest = rest[i+1:]
	}
	_, rest, ok = strings.Cut(rest, ".")
	if !ok {
		return "", false
	}
	// Closures and generic instantiations: keep the named parts.
	parts := strings.Split(rest, ".")
	var named []string
	for _, p := range parts {
		if strings.HasPrefix(p, "func") || strings.HasPrefix(p, "gowrap") || p == "" {
			break
		}
		if i := strings.IndexByte(p, '['); i >= 0 {
			p = p[:i]
		}
		named = append(named, strings.TrimSuffix(strings.TrimPrefix(p, "(*"), ")"))
	}
	if len(named) == 0 {
		return "", false
	}
	method := named[len(named)-1]
	if !exported(method) {
		return "", false
	}
	if len(named) == 1 {
		return method, true // a function of the package
	}
	recv := named[len(named)-2]
	if !exported(recv) {
		return "", false
	}
	if recv == "Client" {
		return method, true
	}
	return strings.TrimSuffix(recv, "Service") + "." + method, true
}

func exported(name string) bool {
	for _, r := range name {
		return unicode.IsUpper(r)
	}
	return false
}
