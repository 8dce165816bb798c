//! CPython's `random` module core: the MT19937 Mersenne Twister of `Modules/_random.c`.
//!
//! Lessons that use `random.seed(n)` must print the same "random" numbers as CPython, or a
//! learner comparing their terminal with the page would see a different story. This is a
//! bit-exact port of the generator, its integer seeding, `random()` and `getrandbits()`,
//! plus `Random._randbelow_with_getrandbits`, from which `Lib/random.py` builds
//! `randrange`, `randint`, `choice` and `shuffle`:
//!
//! * `randrange(n)` is `randbelow(n)` (for `n > 0`; CPython raises
//!   `ValueError("empty range for randrange()")` otherwise);
//! * `randint(a, b)` is `a + randbelow(b - a + 1)`;
//! * `choice(seq)` is `seq[randbelow(len(seq))]`;
//! * `shuffle(x)` is `for i in reversed(range(1, len(x))): j = randbelow(i + 1)` then swap;
//! * `uniform(a, b)` is `a + (b - a) * random()`.

use num_bigint::{BigInt, BigUint, Sign};
use num_traits::Zero;

/// The number of 32-bit words of generator state.
const N: usize = 624;
/// The middle word offset of the twist.
const M: usize = 397;
/// The twist matrix's constant.
const MATRIX_A: u32 = 0x9908_b0df;
/// The most significant bit of a word.
const UPPER_MASK: u32 = 0x8000_0000;
/// The 31 least significant bits of a word.
const LOWER_MASK: u32 = 0x7fff_ffff;
/// The largest `k` that `getrandbits` accepts: CPython reads `k` into a C `int`.
const MAX_BITS: u64 = i32::MAX as u64;

/// CPython's `random.Random` core: MT19937 seeded as `random.seed(n)` seeds it for an int
/// `n` (`init_by_array` over the 32-bit words of `abs(n)`, least significant word first;
/// seed 0 gives the key `[0]`).
///
/// The state is plain data, so a clone continues the same sequence independently, which
/// is what `random.getstate()`/`setstate()` amount to.
#[derive(Clone, Debug)]
pub struct MersenneTwister {
    /// The 624 words of state.
    state: [u32; N],
    /// The index of the next word to temper; `N` means the state must be twisted first.
    index: usize,
}

impl MersenneTwister {
    /// Seeds a generator exactly as `random.seed(seed)` does for an `int` seed; negative
    /// seeds use their absolute value, as CPython does.
    pub fn from_seed(seed: &BigInt) -> Self {
        let mut key = seed.magnitude().to_u32_digits();
        if key.is_empty() {
            key.push(0);
        }
        let mut mt = MersenneTwister {
            state: [0; N],
            index: N,
        };
        mt.init_by_array(&key);
        mt
    }

    /// `init_genrand`: fills the state from one 32-bit seed.
    fn init_genrand(&mut self, seed: u32) {
        self.state[0] = seed;
        for i in 1..N {
            let prev = self.state[i - 1];
            self.state[i] = 1_812_433_253u32
                .wrapping_mul(prev ^ (prev >> 30))
                .wrapping_add(i as u32);
        }
        self.index = N;
    }

    /// `init_by_array`: mixes a key of 32-bit words into the state.
    fn init_by_array(&mut self, key: &[u32]) {
        self.init_genrand(19_650_218);
        let mut i = 1usize;
        let mut j = 0usize;
        let key_len = key.len().max(1);
        for _ in 0..N.max(key_len) {
            let prev = self.state[i - 1];
            let word = key.get(j).copied().unwrap_or(0);
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_664_525))
                .wrapping_add(word)
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
            if j >= key_len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            let prev = self.state[i - 1];
            self.state[i] = (self.state[i] ^ (prev ^ (prev >> 30)).wrapping_mul(1_566_083_941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                self.state[0] = self.state[N - 1];
                i = 1;
            }
        }
        self.state[0] = 0x8000_0000;
        self.index = N;
    }

    /// Regenerates all 624 words of state (the "twist").
    fn twist(&mut self) {
        let mag = |y: u32| if y & 1 == 1 { MATRIX_A } else { 0 };
        for kk in 0..N {
            let y = (self.state[kk] & UPPER_MASK) | (self.state[(kk + 1) % N] & LOWER_MASK);
            self.state[kk] = self.state[(kk + M) % N] ^ (y >> 1) ^ mag(y);
        }
        self.index = 0;
    }

    /// `genrand_uint32`: the next tempered 32-bit output.
    fn next_u32(&mut self) -> u32 {
        if self.index >= N {
            self.twist();
        }
        let mut y = self.state[self.index % N];
        self.index += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// `random.random()`: a float in `[0.0, 1.0)` with 53 random bits, built from two
    /// 32-bit outputs (`a >> 5` and `b >> 6`) exactly as `_random.c` does.
    pub fn random(&mut self) -> f64 {
        let a = self.next_u32() >> 5;
        let b = self.next_u32() >> 6;
        (f64::from(a) * 67_108_864.0 + f64::from(b)) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// `random.getrandbits(k)`: a non-negative int of `k` random bits (0 for `k == 0`),
    /// built from 32-bit outputs least significant word first, the last word shifted down
    /// to the bits still needed, as `_random.c` builds it.
    ///
    /// CPython reads `k` into a C `int`, so it raises `OverflowError` for `k > 2**31 - 1`;
    /// the caller must do the same. Larger `k` are clamped so this call cannot try to
    /// allocate unbounded memory.
    pub fn getrandbits(&mut self, k: u64) -> BigInt {
        let k = k.min(MAX_BITS);
        if k == 0 {
            return BigInt::zero();
        }
        if k <= 32 {
            return BigInt::from(self.next_u32() >> (32 - k));
        }
        let words = (k - 1) / 32 + 1;
        let mut remaining = k;
        let mut digits = Vec::with_capacity(usize::try_from(words).unwrap_or(0));
        for _ in 0..words {
            let mut r = self.next_u32();
            if remaining < 32 {
                r >>= 32 - remaining;
            }
            digits.push(r);
            remaining = remaining.saturating_sub(32);
        }
        BigInt::from_biguint(Sign::Plus, BigUint::new(digits))
    }

    /// `Random._randbelow_with_getrandbits(n)`: a uniform int in `[0, n)` for `n > 0`, by
    /// drawing `n.bit_length()` bits until the draw is below `n`.
    ///
    /// CPython's version loops forever for `n <= 0`; here such `n` return 0 without
    /// consuming any randomness, so callers must raise their own errors first (for
    /// example `randrange`'s `ValueError("empty range for randrange()")`).
    pub fn randbelow(&mut self, n: &BigInt) -> BigInt {
        if n.sign() != Sign::Plus {
            return BigInt::zero();
        }
        let k = n.bits();
        loop {
            let r = self.getrandbits(k);
            if &r < n {
                return r;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Every expectation below was produced by python3 3.11's `random.Random(seed)`
    //! and printed as Rust literals.
    //! The helpers rebuild `Lib/random.py`'s methods from `randbelow` and `random` with the
    //! formulas in the module docs, so the tables also confirm those formulas.

    use super::*;

    /// Seeds exercised by every table (as decimal text): small, multi-word, negative.
    const SEEDS: &[&str] = &[
        "0",
        "1",
        "42",
        "12345",
        "1099511627783",
        "-5",
        "18446744073709551616",
        "515377520732011331036461129765621272702107522001",
    ];

    /// For each seed, the bits of the first five `random.random()` values (python3 3.11).
    const RANDOM_CASES: &[[u64; 5]] = &[
        [
            0x3feb0580f98a7dbe,
            0x3fe84129978f9c1a,
            0x3fdaeaa51052e978,
            0x3fd092178fb945a6,
            0x3fe05c5ccdf19707,
        ],
        [
            0x3fc132d8f91b7584,
            0x3feb1e2d5b3584f8,
            0x3fe870d778409f13,
            0x3fd0530d08f17f5c,
            0x3fdfb5355e16737a,
        ],
        [
            0x3fe4762f307200c5,
            0x3f999c6b5eeb2060,
            0x3fd19a1491f589dc,
            0x3fcc922b623b8c1c,
            0x3fe7912c1468f47e,
        ],
        [
            0x3fdaa9e665dc8a18,
            0x3f84d392d1f6f840,
            0x3fea68177b361de3,
            0x3fd31cea56d752c4,
            0x3fd7940e9f744b88,
        ],
        [
            0x3fe3a3761afd4291,
            0x3fea13cb57c0715a,
            0x3fee3d88c68edf49,
            0x3fe240a3fed28776,
            0x3fde758a5a01babc,
        ],
        [
            0x3fe3eecf89059360,
            0x3fe7bcb8116f23ee,
            0x3fe97239c6c3047f,
            0x3fee288d7f5db50c,
            0x3fe7ad3fc69bae32,
        ],
        [
            0x3fef48e0d6f11dbe,
            0x3fd7c046a8bc68ee,
            0x3fdffa695fe066a8,
            0x3fe3fc64988eb5b4,
            0x3fe3eaa1460f8fc1,
        ],
        [
            0x3fefe0779e638073,
            0x3f78bd7925fe1200,
            0x3fe04c08104032c6,
            0x3fecf02496478c96,
            0x3febbfc695be86c0,
        ],
    ];

    /// For each seed, `getrandbits(k)` for k in [1, 31, 32, 33, 64, 100, 0, 7], drawn in that order.
    const GETRANDBITS_K: &[u64] = &[1, 31, 32, 33, 64, 100, 0, 7];
    const GETRANDBITS_CASES: &[[&str; 8]] = &[
        [
            "1",
            "827307999",
            "3255389356",
            "3823568514",
            "4776171008201404212",
            "513868133461680832233190503674",
            "0",
            "117",
        ],
        [
            "0",
            "1222356005",
            "3639700191",
            "7740669488",
            "4705193143269049553",
            "614886793670229279908878609289",
            "0",
            "60",
        ],
        [
            "1",
            "239081663",
            "107420369",
            "3184935163",
            "4117511471858006928",
            "800402129360547565400942494185",
            "0",
            "94",
        ],
        [
            "0",
            "1573429661",
            "43676229",
            "7817590892",
            "5508932873585391847",
            "311508076646916808838757374138",
            "0",
            "34",
        ],
        [
            "1",
            "1604866609",
            "3500038837",
            "8323356347",
            "10521851240000246337",
            "1208296382589136918504246730115",
            "0",
            "78",
        ],
        [
            "1",
            "548563996",
            "3185950873",
            "5834865596",
            "17385139117288923102",
            "1160853548457195330571808359216",
            "0",
            "67",
        ],
        [
            "1",
            "1579399130",
            "1593907883",
            "395124210",
            "11521092700204750089",
            "120046259964663523703199198515",
            "0",
            "103",
        ],
        [
            "1",
            "1282412129",
            "25941914",
            "6761154854",
            "16681654863423910274",
            "906058092011872469657105671582",
            "0",
            "42",
        ],
    ];

    /// For each seed, `randrange(n)` (which is `_randbelow(n)`) for n in this order.
    const RANDRANGE_N: &[&str] = &[
        "1",
        "2",
        "3",
        "6",
        "10",
        "100",
        "1000",
        "4294967296",
        "4294967297",
        "100000000000000000000",
        "7",
    ];
    const RANDRANGE_CASES: &[[&str; 11]] = &[
        [
            "0",
            "1",
            "0",
            "2",
            "8",
            "62",
            "414",
            "3564191072",
            "4156669319",
            "77816533414917576211",
            "1",
        ],
        [
            "0",
            "0",
            "1",
            "0",
            "7",
            "97",
            "460",
            "901749037",
            "2095328386",
            "70757377226447023334",
            "3",
        ],
        [
            "0",
            "0",
            "2",
            "2",
            "3",
            "28",
            "142",
            "3163119785",
            "1812140441",
            "20175116266108930670",
            "1",
        ],
        [
            "0",
            "0",
            "1",
            "2",
            "3",
            "34",
            "579",
            "1873586768",
            "1602297017",
            "44879752698740204465",
            "4",
        ],
        [
            "0",
            "1",
            "2",
            "1",
            "8",
            "48",
            "533",
            "3091373771",
            "1688693473",
            "21763749264583344026",
            "5",
        ],
        [
            "0",
            "1",
            "2",
            "5",
            "8",
            "3",
            "860",
            "4051686260",
            "2787324501",
            "2893396244277848635",
            "2",
        ],
        [
            "0",
            "0",
            "1",
            "4",
            "2",
            "79",
            "527",
            "1873754058",
            "2594297161",
            "41420118189588195687",
            "3",
        ],
        [
            "0",
            "0",
            "2",
            "3",
            "5",
            "84",
            "369",
            "3939123103",
            "3944577685",
            "49488236425039676350",
            "4",
        ],
    ];

    /// For each seed, `randint(a, b)` for these (a, b) pairs in order.
    const RANDINT_AB: &[(i64, i64)] = &[
        (1, 6),
        (1, 6),
        (0, 0),
        (-10, 10),
        (1, 100),
        (1000000000000, 1000000000005),
    ];
    const RANDINT_CASES: &[[i64; 6]] = &[
        [4, 4, 0, -2, 66, 1000000000003],
        [2, 5, 0, -2, 16, 1000000000003],
        [6, 1, 0, -2, 32, 1000000000001],
        [4, 6, 0, -1, 48, 1000000000001],
        [5, 6, 0, -2, 79, 1000000000001],
        [5, 3, 0, 10, 68, 1000000000000],
        [6, 3, 0, 5, 80, 1000000000001],
        [5, 1, 0, 8, 56, 1000000000005],
    ];

    /// For each seed, `random.shuffle(list(range(10)))` (python3 3.11).
    const SHUFFLE_CASES: &[[u32; 10]] = &[
        [7, 8, 1, 5, 3, 4, 2, 0, 9, 6],
        [6, 8, 9, 7, 5, 3, 0, 4, 1, 2],
        [7, 3, 2, 8, 5, 6, 9, 4, 0, 1],
        [8, 7, 3, 5, 1, 2, 9, 4, 0, 6],
        [0, 5, 2, 3, 6, 1, 8, 4, 7, 9],
        [2, 3, 1, 0, 8, 7, 6, 5, 4, 9],
        [3, 2, 9, 0, 6, 8, 4, 7, 1, 5],
        [7, 5, 8, 6, 2, 3, 4, 1, 0, 9],
    ];

    /// For each seed, four `random.choice(CHOICE_SEQ)` draws.
    const CHOICE_SEQ: &[&str] = &["rock", "paper", "scissors", "lizard", "spock"];
    const CHOICE_CASES: &[[&str; 4]] = &[
        ["lizard", "lizard", "rock", "scissors"],
        ["paper", "spock", "rock", "scissors"],
        ["rock", "rock", "scissors", "paper"],
        ["lizard", "rock", "scissors", "scissors"],
        ["spock", "spock", "lizard", "scissors"],
        ["spock", "scissors", "scissors", "spock"],
        ["scissors", "rock", "lizard", "spock"],
        ["spock", "rock", "spock", "spock"],
    ];

    /// For each seed, `uniform(a, b)` for (1.0, 10.0), (-2.5, 2.5), (5.0, 1.0), as bits.
    const UNIFORM_AB: &[(f64, f64)] = &[(1.0, 10.0), (-2.5, 2.5), (5.0, 1.0)];
    const UNIFORM_CASES: &[[u64; 3]] = &[
        [0x402133188c5de6bb, 0x3ff4a2e7fae70640, 0x400a8aad77d68b44],
        [0x4001ac9a0c1f721a, 0x3ffbcb716405cc6c, 0x3fff1e510f7ec1da],
        [0x401b04f5168040de, 0xc002ffe3ce4ad0bc, 0x400f32f5b7053b12],
        [0x4012ff91994c0dae, 0xc00397de21e62d27, 0x3ffb2fd10993c43a],
        [0x401a17e4de5ceae3, 0x3ff9317c5b611b60, 0x3ff384ee72e2416e],
        [0x401a6ca97a2645cc, 0x3ff357cc2b95d9d4, 0x3ffd1b8c7279f702],
        [0x402398fe78e7a0bb, 0xbfe49f4f5a28f9ac, 0x400802cb500fccac],
        [0x4023ee434917f841, 0xc003c226512104d3, 0x4007b3f7efbfcd3a],
    ];

    /// For each seed, `getrandbits(64)` after 1000 calls to `random()` (several twists).
    const LONG_RUN_CASES: &[&str] = &[
        "12252493890742533224",
        "2736331676163600482",
        "18094922596883582458",
        "4744838109476209838",
        "13356548572556453823",
        "11982866533749538314",
        "7570648814121086256",
        "940480351901076745",
    ];

    /// A generator for the `index`-th seed of [`SEEDS`].
    fn seeded(index: usize) -> MersenneTwister {
        let seed: BigInt = SEEDS[index].parse().expect("seeds are valid ints");
        MersenneTwister::from_seed(&seed)
    }

    /// Parses a decimal table entry.
    fn big(text: &str) -> BigInt {
        text.parse().expect("tables hold valid ints")
    }

    /// `Random.randint(a, b)`: `a + _randbelow(b - a + 1)`.
    fn randint(mt: &mut MersenneTwister, a: i64, b: i64) -> BigInt {
        let width = BigInt::from(b) - BigInt::from(a) + 1;
        BigInt::from(a) + mt.randbelow(&width)
    }

    /// `Random.shuffle(x)`, as `Lib/random.py` writes it.
    fn shuffle<T>(mt: &mut MersenneTwister, x: &mut [T]) {
        for i in (1..x.len()).rev() {
            let j = mt.randbelow(&BigInt::from(i + 1));
            let j = usize::try_from(j).expect("below i + 1");
            x.swap(i, j);
        }
    }

    /// `Random.choice(seq)`: `seq[_randbelow(len(seq))]`.
    fn choice<'a>(mt: &mut MersenneTwister, seq: &[&'a str]) -> &'a str {
        let i = usize::try_from(mt.randbelow(&BigInt::from(seq.len()))).expect("in range");
        seq[i]
    }

    #[test]
    fn random_matches_cpython() {
        for (index, expected) in RANDOM_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            let got: Vec<u64> = (0..5).map(|_| mt.random().to_bits()).collect();
            assert_eq!(got, expected.to_vec(), "seed {}", SEEDS[index]);
        }
    }

    #[test]
    fn getrandbits_matches_cpython() {
        for (index, expected) in GETRANDBITS_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            for (&k, &want) in GETRANDBITS_K.iter().zip(expected.iter()) {
                assert_eq!(mt.getrandbits(k), big(want), "seed {} k {k}", SEEDS[index]);
            }
        }
    }

    #[test]
    fn randbelow_matches_randrange() {
        for (index, expected) in RANDRANGE_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            for (&n, &want) in RANDRANGE_N.iter().zip(expected.iter()) {
                assert_eq!(
                    mt.randbelow(&big(n)),
                    big(want),
                    "seed {} n {n}",
                    SEEDS[index]
                );
            }
        }
    }

    #[test]
    fn randint_matches_cpython() {
        for (index, expected) in RANDINT_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            for (&(a, b), &want) in RANDINT_AB.iter().zip(expected.iter()) {
                assert_eq!(
                    randint(&mut mt, a, b),
                    BigInt::from(want),
                    "seed {}",
                    SEEDS[index]
                );
            }
        }
    }

    #[test]
    fn shuffle_matches_cpython() {
        for (index, expected) in SHUFFLE_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            let mut items: Vec<u32> = (0..10).collect();
            shuffle(&mut mt, &mut items);
            assert_eq!(items, expected.to_vec(), "seed {}", SEEDS[index]);
        }
    }

    #[test]
    fn choice_matches_cpython() {
        for (index, expected) in CHOICE_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            let got: Vec<&str> = (0..4).map(|_| choice(&mut mt, CHOICE_SEQ)).collect();
            assert_eq!(got, expected.to_vec(), "seed {}", SEEDS[index]);
        }
    }

    #[test]
    fn uniform_matches_cpython() {
        for (index, expected) in UNIFORM_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            for (&(a, b), &want) in UNIFORM_AB.iter().zip(expected.iter()) {
                let got = a + (b - a) * mt.random();
                assert_eq!(got.to_bits(), want, "seed {}", SEEDS[index]);
            }
        }
    }

    #[test]
    fn long_runs_stay_in_step() {
        for (index, &want) in LONG_RUN_CASES.iter().enumerate() {
            let mut mt = seeded(index);
            for _ in 0..1000 {
                mt.random();
            }
            assert_eq!(mt.getrandbits(64), big(want), "seed {}", SEEDS[index]);
        }
    }

    #[test]
    fn degenerate_arguments_do_not_hang_or_panic() {
        let mut mt = seeded(0);
        let before = mt.clone().random();
        assert_eq!(mt.randbelow(&BigInt::from(0)), BigInt::zero());
        assert_eq!(mt.randbelow(&BigInt::from(-3)), BigInt::zero());
        assert_eq!(mt.getrandbits(0), BigInt::zero());
        // None of the calls above consumed randomness.
        assert_eq!(mt.random(), before);
        assert_eq!(mt.randbelow(&BigInt::from(1)), BigInt::zero());
        let r = mt.getrandbits(1000);
        assert!(r.bits() <= 1000);
    }
}
