"""The full extract: the view's tables as CSV plus a README with sources, licences, dates and the link."""
import io
import zipfile

import pandas as pd

from treaty_monitor import extract


def test_zip_holds_each_table_and_a_readme_that_makes_it_citable():
    tables = {
        "states on the map": pd.DataFrame({"country": ["Ghana", "=cmd"], "iso3": ["GHA", "XXX"],
                                           "source_url": ["https://treaties.un.org/x", None]}),
        "states on the map ": pd.DataFrame({"iso3": ["GHA"]}),  # a second table whose name collides
    }
    data = extract.build_zip(tables, view_title="Treaty status (Map)",
                             view_link="http://localhost:8501/Treaty_status?group=African",
                             source_ids=["untc_status"], retrieved={"untc_status": "2026-02-28 00:00 UTC"},
                             data_version="2:2026-04-27")
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert sorted(archive.namelist()) == ["README.md", "states_on_the_map.csv", "states_on_the_map_2.csv"]
    readme = archive.read("README.md").decode()
    assert "http://localhost:8501/Treaty_status?group=African" in readme
    assert "United Nations Treaty Collection" in readme and "Licence:" in readme
    assert "Retrieved: 2026-02-28 00:00 UTC" in readme and "Data version: 2:2026-04-27" in readme
    assert "| iso3 | ISO 3166-1 alpha-3 code" in readme
    rows = pd.read_csv(io.BytesIO(archive.read("states_on_the_map.csv")), encoding="utf-8-sig")
    assert list(rows["country"]) == ["Ghana", "'=cmd"]
