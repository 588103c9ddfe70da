// Inspection form: a provincial union is identified by its province, so its name field is
// hidden; the other subjects are named.
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.getElementById("id_subject_kind");
  const name = document.getElementById("id_subject_name");
  if (!kind || !name) return;
  const box = name.closest("div");
  const update = () => {
    box.hidden = kind.value === "provincial_union";
  };
  kind.addEventListener("change", update);
  update();
});
