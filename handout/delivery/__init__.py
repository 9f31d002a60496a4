"""Getting finished handouts to patients: email, encryption, batch runs and previews.

Kept apart from the build pipeline: nothing here changes what a PDF looks like, and every
module imports its heavy dependencies (pypdf, pypdfium2, Pillow) only when it is used.
"""
