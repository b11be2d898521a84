package ner

import (
	"unicode"
	"unicode/utf8"
)

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// mix64 is the splitmix64 finaliser: a cheap, well-spread 64-bit mix.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// feat combines a template id with one value hash.
func feat(t, a uint64) uint64 { return mix64(t*0x9e3779b97f4a7c15 ^ a) }

// feat2 combines a template id with two value hashes.
func feat2(t, a, b uint64) uint64 { return mix64(feat(t, a) ^ b*0xc2b2ae3d27d4eb4f) }

// feat3 combines a template id with three value hashes.
func feat3(t, a, b, c uint64) uint64 { return mix64(feat2(t, a, b) ^ c*0x165667b19e3779f9) }

// hashString is FNV-1a over the bytes of s.
func hashString(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

// hashDigitsNorm is FNV-1a over s with every ASCII digit replaced by '0'.
func hashDigitsNorm(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= '0' && c <= '9' {
			c = '0'
		}
		h ^= uint64(c)
		h *= fnvPrime
	}
	return h
}

// hashLower is FNV-1a over the lower-cased UTF-8 of s, digits as '0'.
func hashLower(s string) uint64 {
	h := uint64(fnvOffset)
	var buf [utf8.UTFMax]byte
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 'A' && c <= 'Z' {
				c += 'a' - 'A'
			} else if c >= '0' && c <= '9' {
				c = '0'
			}
			h ^= uint64(c)
			h *= fnvPrime
			i++
			continue
		}
		r, sz := utf8.DecodeRuneInString(s[i:])
		n := utf8.EncodeRune(buf[:], unicode.ToLower(r))
		for _, b := range buf[:n] {
			h ^= uint64(b)
			h *= fnvPrime
		}
		i += sz
	}
	return h
}
