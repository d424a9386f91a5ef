// SPDX-License-Identifier: Apache-2.0
// Inspectors and their devices: last sync, records this week, forks kept as
// evidence, pushes refused (each device's, with the last reason it was told,
// and the inspector's over all their devices), revoked inspectors and
// revoked devices (one lost handheld).
import { get, query } from "./api.js";
import { t } from "./i18n.js";
import { el, table, date } from "./ui.js";

export async function render(page, params) {
  const data = await get("inspectors" + query({ district: params.get("district") || "" }));
  const rows = [];
  for (const i of data.inspectors) {
    const devs = i.devices.length ? i.devices : [{}];
    for (const d of devs)
      rows.push({ id: i.id, name: i.name, district: i.district, role: i.role,
        revoked: i.revoked_at ? date(i.revoked_at) : "", device_revoked: d.revoked_at ? date(d.revoked_at) : "", device: d.device || "",
        last_sync: date(d.last_sync), seq: d.held_seq ?? "", week: d.records_week ?? "", forks: d.forks ?? "",
        refused: d.refused ?? "", last_refusal: d.last_refusal || "", insp_refused: i.refused ?? 0 });
  }
  page.replaceChildren(el("h2", {}, t("Inspectors and devices")), table([
    { key: "id", label: "Inspector" }, { key: "name", label: "Name" }, { key: "district", label: "District" },
    { key: "role", label: "Role" }, { key: "device", label: "Device" }, { key: "last_sync", label: "Last sync" },
    { key: "seq", label: "Chain position", num: true }, { key: "week", label: "Records per week", num: true },
    { key: "forks", label: "Forks", num: true }, { key: "refused", label: "Refused pushes", num: true },
    { key: "last_refusal", label: "Last refusal" }, { key: "insp_refused", label: "Inspector's refused pushes", num: true },
    { key: "device_revoked", label: "Device revoked" },
    { key: "revoked", label: "Inspector revoked" },
  ], rows, "inspectors-table"));
}
