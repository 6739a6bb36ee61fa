"""Formats: contact files in and out (LinkedIn CSV, vCard, CSV) and the full backup.

Each importer is a pure parser over text that yields :class:`records.ContactRecord`
items and :class:`records.Problem` items; ``text`` turns a file's bytes into that text.
Modules here import only ``domain`` and ``errors`` of the project.
"""
