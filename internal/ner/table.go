package ner

// featTable is an open-addressing hash table from feature hash to weight
// row, faster and far more cache-friendly than a Go map for this read-only,
// lookup-heavy use. Each slot packs a 32-bit fingerprint of the key (its
// high half) with a 32-bit value; the low bits of the (well-mixed) key pick
// the slot, so a match agrees on about 50 bits. A false match needs a
// 32-bit fingerprint collision within a probe run: about one in 10^9
// lookups, which at worst adds one wrong feature weight.
//
// occ has one bit per slot, set when the slot is taken: most absent keys
// find their first slot empty, and the bitmap (1/64 of the table, small
// enough to stay in the CPU cache) says so without a load from the table.
type featTable struct {
	slots []uint64 // fingerprint<<32 | uint32(value); 0 is empty
	occ   []uint64 // bit i: slots[i] != 0
	mask  uint64
}

func newFeatTable(keys []uint64) *featTable { return newFeatTableVals(keys, nil) }

// newFeatTableVals maps keys[i] to vals[i] (or to i when vals is nil). A
// value of -1 cannot be told apart from a missing key.
func newFeatTableVals(keys []uint64, vals []int32) *featTable {
	size := uint64(16)
	for size < uint64(len(keys))*2 {
		size <<= 1
	}
	t := &featTable{slots: make([]uint64, size), occ: make([]uint64, (size+63)/64), mask: size - 1}
	for i, k := range keys {
		v := int32(i)
		if vals != nil {
			v = vals[i]
		}
		t.insert(k, v)
	}
	return t
}

func fingerprint(k uint64) uint64 { return (k >> 32) | 1 }

func (t *featTable) insert(k uint64, v int32) {
	fp := fingerprint(k)
	for i := k & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 || s>>32 == fp {
			t.slots[i] = fp<<32 | uint64(uint32(v))
			t.occ[i/64] |= 1 << (i % 64)
			return
		}
	}
}

// get returns the value of k, or -1.
func (t *featTable) get(k uint64) int32 {
	i := k & t.mask
	if t.occ[i/64]&(1<<(i%64)) == 0 { // the first slot is empty
		return -1
	}
	fp := fingerprint(k)
	for ; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s>>32 == fp {
			return int32(uint32(s))
		}
		if s == 0 {
			return -1
		}
	}
}
