#!/usr/bin/env python3
"""Full per-file disagreement list (same matching as score_realworld.py), as TSV: file rule cell kind truth equilibre."""
import json, os, subprocess, sys
B = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".build", "release", "equilibre")
SET = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'set')
for tf in sorted(f for f in os.listdir(SET) if f.endswith('.truth.json')):
    t = json.load(open(os.path.join(SET, tf)))
    p = subprocess.run([B, 'check', '--format', 'json', os.path.join(SET, t['file'])], capture_output=True, text=True)
    fe = json.loads(p.stdout)['files'][0]
    amb = {tuple(a.rsplit('!', 1)) for a in t['ambiguous']}
    W = {(f['rule'], f['sheet'], f['cell']): f for f in t['findings'] if f['rule'] != 'text-number' and (f['sheet'], f['cell']) not in amb}
    G = {(f['rule'], f['sheet'], f['cell']): f for f in fe.get('findings', []) if f.get('severity') in ('error', 'warning') and (f['sheet'], f['cell']) not in amb}
    plan = fe.get('plan') or {}
    if plan.get('sheet') != t['sheet']:
        print(f"{t['file']}\tsheet\t-\tplan sheet\t{t['sheet']}\t{plan.get('sheet')}")
    for k in sorted(set(W) - set(G)):
        print(f"{t['file']}\t{k[0]}\t{k[1]}!{k[2]}\tmissed\t{W[k]['expected']} vs {W[k]['actual']}\t-")
    for k in sorted(set(G) - set(W)):
        print(f"{t['file']}\t{k[0]}\t{k[1]}!{k[2]}\textra\t-\t{G[k].get('expected')} vs {G[k].get('actual')} ({G[k].get('label')})")
