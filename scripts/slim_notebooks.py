"""Keep executed notebooks small and their diffs quiet.

Figures as one static PNG each (photos as JPEG; no widget-state copy, no HTML copy), live widgets
replaced by a one-line placeholder, and no per-cell execution timestamps (which would change every
cell of a notebook at each run)."""
import base64
import io
import json
import sys

from PIL import Image


def smaller(png_b64):
    """Large PNG figures (photos) -> JPEG, about 5x smaller; small ones stay PNG."""
    raw = base64.b64decode("".join(png_b64))
    if len(raw) < 60_000:
        return "image/png", png_b64
    buf = io.BytesIO()
    Image.open(io.BytesIO(raw)).convert("RGB").save(buf, format="JPEG", quality=85)
    return "image/jpeg", base64.b64encode(buf.getvalue()).decode()

for path in sys.argv[1:]:
    nb = json.load(open(path))
    nb["metadata"].pop("widgets", None)
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        cell.get("metadata", {}).pop("execution", None)
        src = "".join(cell["source"])
        keep = []
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            if "image/png" in data and "application/vnd.jupyter.widget-view+json" in data:
                mime, payload = smaller(data["image/png"])
                out["data"] = {mime: payload, "text/plain": ["<Figure>"]}
            elif "image/png" in data:
                mime, payload = smaller(data["image/png"])
                if mime != "image/png":
                    out["data"] = {mime: payload, "text/plain": data.get("text/plain", ["<Figure>"])}
            elif "application/vnd.jupyter.widget-view+json" in data:
                out["data"] = {"text/plain": ["<interactive app: run the notebook to use it>"]}
            keep.append(out)
        cell["outputs"] = keep
    with open(path, "w") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(path, "ok")
