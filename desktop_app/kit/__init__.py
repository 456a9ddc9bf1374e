"""The lab kit: what every lab is built from (desktop_app/README.md, "How a lab is built").

- frame.LabFrame: title, blurb, a keyed message bar (messages declared once per lab), retranslation, export signal
- steps.StepController + steps.StepBar: Step / Back / Reset / To the end / Play over one engine stepper protocol
- protocol.Lab: what the window, lessons, presenter mode and export need from a lab (no hasattr probing)
"""
