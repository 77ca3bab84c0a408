package main

import "syscall"

// childAttr makes the kernel kill the server if the crash test dies first,
// so that no server outlives it whatever way it ends.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
