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
	"runtime"
	"time"
)

func init() {
	addr := os.Getenv("EMESSAGE_PPROF_ADDR")
	if addr == "" || len(os.Args) < 2 || (os.Args[1] != "serve" && os.Args[1] != "gen") {
		return
	}
	// Where goroutines wait, too: for a lock, a channel, a connection.
	runtime.SetBlockProfileRate(int(10 * time.Microsecond))
	runtime.SetMutexProfileFraction(10)
	go func() { log.Println(http.ListenAndServe(addr, nil)) }()
}
