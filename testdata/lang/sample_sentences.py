"""Sample 1,000 English (history-en) and 1,000 Spanish (history-es, novels-es) sentences of
10-120 letters from the shared corpora, one JSON object per line ({"id", "gold", "src", "text"}),
to measure how often a one-sentence input is read in the right language (docs/generalization.md).
Deterministic (seeded). Usage:
  python3 testdata/lang/sample_sentences.py /tmp/short.jsonl
  shuf --random-source=/tmp/short.jsonl /tmp/short.jsonl > /tmp/short.mixed.jsonl
  quipu extract --jsonl < /tmp/short.mixed.jsonl | python3 testdata/lang/lang_accuracy.py /tmp/short.jsonl
The sentences are not committed (they are the shared corpora's text)."""
import json, random, re, sys, glob, os
CORPUS = os.environ.get('QUIPU_CORPUS', os.path.join(os.path.dirname(__file__), '../../../shared/corpus/'))
random.seed(20261207)
def body(t):
    s = t.find('*** START'); e = t.find('*** END')
    if s >= 0: t = t[t.find('\n', s)+1:]
    if e >= 0: t = t[:t.find('*** END')] if '*** END' in t else t
    return t
def sents(path):
    t = body(open(path, encoding='utf-8', errors='replace').read())
    paras = [re.sub(r'\s+', ' ', p).strip() for p in re.split(r'\n\s*\n', t)]
    out = []
    for p in paras:
        if len(p) < 20 or p.isupper() or "[" in p or "Gutenberg" in p: continue
        for s in re.split(r'(?<=[.!?])\s+(?=[¿¡"“A-ZÁÉÍÓÚÑ])', p):
            n = len(re.findall(r'\w', s))
            if 10 <= n <= 120 and not s.isupper():
                out.append(s)
    return out
res = []
for lang, pats in [('en', ['history-en/*.txt']), ('es', ['history-es/*.txt', 'novels-es/*.txt'])]:
    pool = []
    for p in pats:
        for f in sorted(glob.glob(CORPUS + p)):
            pool += [(os.path.basename(f), s) for s in sents(f)]
    for i, (f, s) in enumerate(random.sample(pool, 1000)):
        res.append({'id': f'{lang}-{i}', 'gold': lang, 'src': f, 'text': s})
with open(sys.argv[1], 'w') as o:
    for r in res: o.write(json.dumps(r, ensure_ascii=False) + '\n')
