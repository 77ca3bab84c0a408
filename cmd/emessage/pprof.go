//go:build pprof

// A build for profiling only ("go build -tags pprof"): with
// EMESSAGE_PPROF_ADDR set, "emessage serve" and "emessage gen" also serve
// net/http/pprof on that address, so that a bench run's server or a load
// can be profiled while it works. The release build has none of it.
package main

import (
	"log"
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	addr := os.Getenv("EMESSAGE_PPROF_ADDR")
	if addr == "" || len(os.Args) < 2 || (os.Args[1] != "serve" && os.Args[1] != "gen") {
		return
	}
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
