package testrig

import "github.com/county/emessage/demo"

// PDF returns a small valid one-page PDF showing title: what an upload or a
// form document of a fixture holds. It is the demo's maker, so that one
// piece of code writes every PDF of the project.
func PDF(title string) []byte { return demo.PDF(title) }
