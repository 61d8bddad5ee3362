"""Trains smugglescan's compact BERT-style encoder from scratch and exports it for transformers.js.

Steps: optional masked-language-model pre-training on the train and dev texts (no labels), then
multi-label fine-tuning on the train split (seven labels + advert), model selection on dev only,
export to ONNX (opset 14) and an int8 copy. Deterministic for a fixed seed on one CPU thread; the
same script runs on a GPU when one is present (--device cuda).

Usage: python3 train.py --work WORK_DIR --out MODEL_DIR [--epochs 8] [--mlm-epochs 3] [--seed 13]
Reads WORK_DIR/{train,dev}.jsonl from encode.ts and MODEL_DIR/vocab.txt; writes MODEL_DIR/onnx/,
MODEL_DIR/config.json and MODEL_DIR/training.json (log, metrics on dev).
"""
import argparse
import json
import math
import os
import random
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

LABELS = ["crossing_offer", "fake_documents", "referral_incentive", "testimonial",
          "contact_handoff", "payment_terms", "equipment_supply"]
HEADS = LABELS + ["advert"]
PAD, UNK, CLS, SEP, MASK = 0, 1, 2, 3, 4


class Encoder(nn.Module):
    """BERT: embeddings, post-LayerNorm transformer layers, pooler, multi-label head."""

    def __init__(self, vocab, hidden=128, layers=2, heads=4, inter=512, max_pos=128, n_out=len(HEADS), dropout=0.1):
        super().__init__()
        self.hidden, self.heads = hidden, heads
        self.word = nn.Embedding(vocab, hidden, padding_idx=PAD)
        self.pos = nn.Embedding(max_pos, hidden)
        self.typ = nn.Embedding(2, hidden)
        self.emb_ln = nn.LayerNorm(hidden, eps=1e-12)
        self.drop = nn.Dropout(dropout)
        self.layers = nn.ModuleList()
        for _ in range(layers):
            self.layers.append(nn.ModuleDict({
                "qkv": nn.Linear(hidden, 3 * hidden), "out": nn.Linear(hidden, hidden), "ln1": nn.LayerNorm(hidden, eps=1e-12),
                "ff1": nn.Linear(hidden, inter), "ff2": nn.Linear(inter, hidden), "ln2": nn.LayerNorm(hidden, eps=1e-12),
            }))
        self.pool = nn.Linear(hidden, hidden)
        self.cls = nn.Linear(hidden, n_out)
        self.mlm = nn.Linear(hidden, vocab)
        self.apply(self._init)

    @staticmethod
    def _init(m):
        if isinstance(m, (nn.Linear, nn.Embedding)):
            nn.init.normal_(m.weight, std=0.02)
        if isinstance(m, nn.Linear) and m.bias is not None:
            nn.init.zeros_(m.bias)

    def encode(self, input_ids, attention_mask, token_type_ids):
        b, t = input_ids.shape
        pos = torch.arange(t, device=input_ids.device).unsqueeze(0)
        x = self.word(input_ids) + self.pos(pos) + self.typ(token_type_ids)
        x = self.drop(self.emb_ln(x))
        mask = (1.0 - attention_mask.to(x.dtype)).unsqueeze(1).unsqueeze(2) * -10000.0
        hd = self.hidden // self.heads
        for L in self.layers:
            q, k, v = L["qkv"](x).split(self.hidden, dim=-1)
            q = q.view(b, t, self.heads, hd).transpose(1, 2)
            k = k.view(b, t, self.heads, hd).transpose(1, 2)
            v = v.view(b, t, self.heads, hd).transpose(1, 2)
            att = torch.matmul(q, k.transpose(-1, -2)) / math.sqrt(hd) + mask
            att = self.drop(torch.softmax(att, dim=-1))
            ctx = torch.matmul(att, v).transpose(1, 2).reshape(b, t, self.hidden)
            x = L["ln1"](x + self.drop(L["out"](ctx)))
            x = L["ln2"](x + self.drop(L["ff2"](F.gelu(L["ff1"](x)))))
        return x

    def forward(self, input_ids, attention_mask, token_type_ids):
        h = self.encode(input_ids, attention_mask, token_type_ids)
        pooled = torch.tanh(self.pool(h[:, 0]))
        return self.cls(self.drop(pooled))


def load(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def batches(rows, size, shuffle, rng):
    order = list(range(len(rows)))
    if shuffle:
        rng.shuffle(order)
        # Bucket by length inside windows of 50 batches: less padding, still shuffled.
        win = size * 50
        order = [i for s in range(0, len(order), win) for i in sorted(order[s:s + win], key=lambda i: len(rows[i]["ids"]))]
        chunks = [order[s:s + size] for s in range(0, len(order), size)]
        rng.shuffle(chunks)
    else:
        chunks = [order[s:s + size] for s in range(0, len(order), size)]
    for c in chunks:
        yield [rows[i] for i in c]


def collate(batch, device):
    t = max(len(r["ids"]) for r in batch)
    ids = torch.full((len(batch), t), PAD, dtype=torch.long)
    for i, r in enumerate(batch):
        ids[i, :len(r["ids"])] = torch.tensor(r["ids"])
    att = (ids != PAD).long()
    return ids.to(device), att.to(device), torch.zeros_like(ids).to(device)


def auc(scores, ys):
    pos = [s for s, y in zip(scores, ys) if y]
    neg = [s for s, y in zip(scores, ys) if not y]
    if not pos or not neg:
        return float("nan")
    ranked = sorted([(s, 1) for s in pos] + [(s, 0) for s in neg])
    rank_sum, i = 0.0, 0
    while i < len(ranked):
        j = i
        while j < len(ranked) and ranked[j][0] == ranked[i][0]:
            j += 1
        avg = (i + j + 1) / 2
        rank_sum += avg * sum(1 for k in range(i, j) if ranked[k][1])
        i = j
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def evaluate(model, rows, device):
    model.eval()
    probs = []
    with torch.no_grad():
        for b in batches(rows, 128, False, None):
            ids, att, typ = collate(b, device)
            probs.extend(torch.sigmoid(model(ids, att, typ)).cpu().tolist())
    out = {}
    for j, h in enumerate(HEADS):
        ys = [r["y"][j] for r in rows]
        ps = [p[j] for p in probs]
        tp = sum(1 for p, y in zip(ps, ys) if p >= 0.5 and y)
        fp = sum(1 for p, y in zip(ps, ys) if p >= 0.5 and not y)
        fn = sum(1 for p, y in zip(ps, ys) if p < 0.5 and y)
        f1 = 2 * tp / max(1, 2 * tp + fp + fn)
        out[h] = {"f1": round(f1, 4), "auc": round(auc(ps, ys), 4), "support": sum(ys)}
    model.train()
    return out, probs


def mlm_step(model, ids, att, typ, rng_t, vocab):
    # Masks come from a CPU generator (same draws on CPU and GPU), then move to the device.
    cpu = ids.cpu()
    labels = cpu.clone()
    chosen = (torch.rand(cpu.shape, generator=rng_t) < 0.15) & (cpu > MASK)
    labels[~chosen] = -100
    inp = cpu.clone()
    r = torch.rand(cpu.shape, generator=rng_t)
    inp[chosen & (r < 0.8)] = MASK
    rand_tok = torch.randint(5, vocab, cpu.shape, generator=rng_t)
    swap = chosen & (r >= 0.8) & (r < 0.9)
    inp[swap] = rand_tok[swap]
    inp, labels = inp.to(ids.device), labels.to(ids.device)
    h = model.encode(inp, att, typ)
    # The vocabulary projection only where a token was chosen (about 15 %): the same loss as
    # projecting every position with the others ignored, at a seventh of the cost on a CPU.
    keep = labels != -100
    if not bool(keep.any()):
        return h.sum() * 0.0
    logits = model.mlm(h[keep])
    return F.cross_entropy(logits, labels[keep])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--mlm-epochs", type=int, default=3)
    ap.add_argument("--hidden", type=int, default=128)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--dropout", type=float, default=0.2)
    ap.add_argument("--token-dropout", type=float, default=0.1)
    ap.add_argument("--weight-decay", type=float, default=0.05)
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    a = ap.parse_args()

    random.seed(a.seed)
    torch.manual_seed(a.seed)
    torch.set_num_threads(int(os.environ.get("TORCH_THREADS", "1")))
    rng = random.Random(a.seed)
    rng_t = torch.Generator().manual_seed(a.seed)
    t0 = time.time()
    with open(os.path.join(a.out, "vocab.txt"), encoding="utf-8") as f:
        vocab = sum(1 for _ in f)
    train, dev = load(os.path.join(a.work, "train.jsonl")), load(os.path.join(a.work, "dev.jsonl"))
    print(f"train {len(train)} dev {len(dev)} vocab {vocab} device {a.device}", flush=True)
    model = Encoder(vocab, hidden=a.hidden, layers=a.layers, heads=max(1, a.hidden // 32), inter=4 * a.hidden, dropout=a.dropout).to(a.device)
    n_params = sum(p.numel() for n, p in model.named_parameters() if not n.startswith("mlm."))
    log = {"params": n_params, "vocab": vocab, "args": vars(a), "epochs": []}

    if a.mlm_epochs:
        opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=0.01)
        # Unlabelled hand-written text of train and dev (variants fold to much the same text);
        # the test split is never read.
        texts = [r for r in train + dev if not r["augmented"]]
        for ep in range(a.mlm_epochs):
            tot, n = 0.0, 0
            for b in batches(texts, a.batch, True, rng):
                ids, att, typ = collate(b, a.device)
                loss = mlm_step(model, ids, att, typ, rng_t, vocab)
                opt.zero_grad()
                loss.backward()
                opt.step()
                tot, n = tot + loss.item(), n + 1
            print(f"mlm epoch {ep + 1}: loss {tot / n:.3f} ({time.time() - t0:.0f}s)", flush=True)
            log["epochs"].append({"phase": "mlm", "epoch": ep + 1, "loss": round(tot / n, 4)})

    # Rare labels get more weight; generated variants count a little less than hand-written posts.
    ys = torch.tensor([r["y"] for r in train], dtype=torch.float)
    pos = ys.sum(0).clamp(min=1)
    pos_weight = ((len(train) - pos) / pos).clamp(max=8.0).sqrt().to(a.device)
    opt = torch.optim.AdamW([p for n, p in model.named_parameters() if not n.startswith("mlm.")], lr=a.lr, weight_decay=a.weight_decay)
    steps = a.epochs * math.ceil(len(train) / a.batch)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min(1.0, (s + 1) / (0.06 * steps)) * max(0.0, (steps - s) / steps))
    best, best_state = -1.0, None
    for ep in range(a.epochs):
        tot, n = 0.0, 0
        for b in batches(train, a.batch, True, rng):
            ids, att, typ = collate(b, a.device)
            if a.token_dropout > 0:
                # Hide a few words per post: the model must not lean on any single one.
                drop = (torch.rand(ids.shape, generator=rng_t) < a.token_dropout).to(a.device) & (ids > MASK)
                ids = ids.masked_fill(drop, MASK)
            y = torch.tensor([r["y"] for r in b], dtype=torch.float, device=a.device)
            w = torch.tensor([0.6 if r["augmented"] else 1.0 for r in b], device=a.device).unsqueeze(1)
            loss = (F.binary_cross_entropy_with_logits(model(ids, att, typ), y, pos_weight=pos_weight, reduction="none") * w).mean()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            tot, n = tot + loss.item(), n + 1
        metrics, _ = evaluate(model, dev, a.device)
        score = metrics["advert"]["auc"] + metrics["advert"]["f1"] + sum(metrics[l]["f1"] for l in LABELS) / len(LABELS)
        print(f"epoch {ep + 1}: loss {tot / n:.4f} dev advert auc {metrics['advert']['auc']} f1 {metrics['advert']['f1']} score {score:.4f} ({time.time() - t0:.0f}s)", flush=True)
        log["epochs"].append({"phase": "finetune", "epoch": ep + 1, "loss": round(tot / n, 4), "dev": metrics, "score": round(score, 4)})
        if score > best:
            best, best_state = score, {k: v.detach().clone() for k, v in model.state_dict().items()}
            log["best_epoch"] = ep + 1
    model.load_state_dict(best_state)
    model.eval()
    model.to("cpu")
    log["dev"], _ = evaluate(model, dev, "cpu")
    log["train_seconds"] = round(time.time() - t0, 1)
    model.eval()  # evaluate() leaves the model in training mode; export and reference need eval

    os.makedirs(os.path.join(a.out, "onnx"), exist_ok=True)
    onnx_path = os.path.join(a.out, "onnx", "model.onnx")
    ids = torch.tensor([[CLS, 10, 11, 12, SEP]], dtype=torch.long)
    torch.onnx.export(
        model, (ids, torch.ones_like(ids), torch.zeros_like(ids)), onnx_path,
        input_names=["input_ids", "attention_mask", "token_type_ids"], output_names=["logits"],
        dynamic_axes={n: {0: "batch", 1: "sequence"} for n in ["input_ids", "attention_mask", "token_type_ids"]} | {"logits": {0: "batch"}},
        opset_version=14, do_constant_folding=True,
    )
    with torch.no_grad():
        ref = model(ids, torch.ones_like(ids), torch.zeros_like(ids))[0].tolist()
    log["reference"] = {"input_ids": ids[0].tolist(), "logits": [round(v, 6) for v in ref]}
    config = {
        "model_type": "bert", "architectures": ["BertForSequenceClassification"],
        "problem_type": "multi_label_classification",
        "id2label": {str(i): h for i, h in enumerate(HEADS)}, "label2id": {h: i for i, h in enumerate(HEADS)},
        "vocab_size": vocab, "hidden_size": a.hidden, "num_hidden_layers": a.layers,
        "num_attention_heads": max(1, a.hidden // 32), "intermediate_size": 4 * a.hidden,
        "max_position_embeddings": 128, "type_vocab_size": 2, "pad_token_id": PAD, "hidden_act": "gelu",
    }
    with open(os.path.join(a.out, "config.json"), "w", encoding="utf-8") as f:
        json.dump(config, f, indent=2)
    with open(os.path.join(a.out, "training.json"), "w", encoding="utf-8") as f:
        json.dump(log, f, indent=1)
    print(f"exported {onnx_path}; best epoch {log['best_epoch']}; dev {json.dumps(log['dev']['advert'])}; {log['train_seconds']}s", flush=True)


if __name__ == "__main__":
    sys.exit(main())
