"""Excel and PowerPoint writers that read the model (Qt-free).

The playbook workbook and deck exporters land here; like the model, this package never imports Qt.
"""
