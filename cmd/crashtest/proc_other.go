//go:build !linux

package main

import "syscall"

// childAttr: elsewhere than Linux the server is killed by the crash test's
// deferred cleanup only.
func childAttr() *syscall.SysProcAttr { return nil }
