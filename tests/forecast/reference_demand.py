"""Runs Social Finance's cs-demand-model 0.5.1 on a CSV of episodes (in .venv-demand, which
has pandas < 2): `python reference_demand.py episodes.csv START END DAYS` prints the projected
population by placement category DAYS days after END, as JSON.

The CSV has CHILD, DOB, DECOM, DEC (empty when open) and PLACE. The episodes go in as the
model's own combined view (its `combined_data` clean-up: same-day starts, same-day ends and
overlaps), then through its enrichment, `PopulationStats` and `ModelPredictor.from_model`.
"""

import json
import sys

import pandas as pd
from cs_demand_model.config import Config
from cs_demand_model.datacontainer import DemandModellingDataContainer
from cs_demand_model.population_stats import PopulationStats
from cs_demand_model.prediction import ModelPredictor


class _NoFiles:
    files = ()


def main(path, start, end, days):
    config = Config()
    episodes = pd.read_csv(path, dtype={"CHILD": str, "PLACE": str})
    for column in ("DOB", "DECOM", "DEC"):
        episodes[column] = pd.to_datetime(episodes[column], format="%Y-%m-%d")
    container = DemandModellingDataContainer(_NoFiles(), config)
    # The same clean-up as DemandModellingDataContainer.combined_data, on our episodes.
    combined = episodes.sort_values(["CHILD", "DECOM", "DEC"], na_position="first")
    combined = combined.drop_duplicates(["CHILD", "DECOM"], keep="last")
    combined = combined.drop_duplicates(["CHILD", "DEC"], keep="first")
    decom_next = combined.groupby("CHILD")["DECOM"].shift(-1)
    change = combined["DEC"].isna() | combined["DEC"].gt(decom_next)
    combined.loc[change, "DEC"] = decom_next[change]
    container.__dict__["combined_data"] = combined
    stats = PopulationStats(container.enriched_view, config)
    predictor = ModelPredictor.from_model(stats, pd.to_datetime(start), pd.to_datetime(end))
    predicted = predictor.predict(int(days))
    last = predicted.iloc[-1]
    totals = {}
    for (_band, category), value in last.items():
        totals[category] = totals.get(category, 0.0) + float(value)
    print(json.dumps(totals))


if __name__ == "__main__":
    main(*sys.argv[1:5])
