package mail

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// DirSender is the Sender used when no mail server is configured: it writes
// each email as an .eml file in Dir, named after its Message-ID. A file is
// written whole or not at all, and sending the same Message-ID again
// replaces the file rather than adding a second one.
type DirSender struct {
	Dir string
}

// Send writes e to Dir/NAME.eml.
func (s DirSender) Send(ctx context.Context, e *Email) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	raw, err := e.Bytes()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("mail dir: %w", err)
	}
	tmp, err := os.CreateTemp(s.Dir, ".mail-*")
	if err != nil {
		return fmt.Errorf("mail dir: %w", err)
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return fmt.Errorf("mail dir: write: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("mail dir: sync: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("mail dir: close: %w", err)
	}
	if err := os.Rename(tmp.Name(), filepath.Join(s.Dir, FileName(e.MessageID))); err != nil {
		return fmt.Errorf("mail dir: rename: %w", err)
	}
	return nil
}

// FileName is the .eml file name for a Message-ID: the ID without its angle
// brackets, any character unsafe in a file name replaced, and then a short
// hash of the ID added so that two IDs never share a file.
func FileName(messageID string) string {
	id := strings.TrimSuffix(strings.TrimPrefix(messageID, "<"), ">")
	clean := true
	name := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("@.-_+=", r) {
			return r
		}
		clean = false
		return '_'
	}, id)
	if !clean || name == "" || strings.HasPrefix(name, ".") || len(name) > 200 {
		sum := sha256.Sum256([]byte(messageID))
		name = strings.TrimLeft(name[:min(len(name), 100)], ".") + "-" + hex.EncodeToString(sum[:8])
	}
	return name + ".eml"
}
